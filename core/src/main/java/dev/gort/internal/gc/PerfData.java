package dev.gort.internal.gc;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * HotSpot's own performance counters, read from the JVM's shared-memory file
 * ({@code /tmp/hsperfdata_<user>/<pid>}, the file {@code jcmd PerfCounter.print} and {@code jstat}
 * read). It exists without any flag ({@code -XX:+UsePerfData} is the default); gort uses it for the
 * one figure JDK 25 has no public API for: CPU time of the GC's own threads
 * ({@code sun.threads.total_gc_cpu_time}, ns).
 *
 * <p>The file is a prologue followed by self-describing entries (name, type, data offset). It is
 * mapped once; a counter is located once by name and then read with one {@code getLong} at a fixed
 * offset, so reading allocates nothing. If the file is missing ({@code -XX:-UsePerfData},
 * {@code -XX:+PerfDisableSharedMem}, another OS layout) or the counter is absent, {@link #gcCpuNanos}
 * returns -1 and callers report 0 (docs/mapping.md).
 */
public final class PerfData {
    private PerfData() {}

    private static final int MAGIC = 0xcafec0c0;
    // PerfDataPrologue field offsets.
    private static final int BYTE_ORDER = 4, ENTRY_OFFSET = 24, NUM_ENTRIES = 28;
    // PerfDataEntry field offsets.
    private static final int ENTRY_LENGTH = 0, NAME_OFFSET = 4, VECTOR_LENGTH = 8, DATA_TYPE = 12, DATA_OFFSET = 16;

    private static final MappedByteBuffer BUF = map();
    private static final int GC_CPU = BUF == null ? -1 : find("sun.threads.total_gc_cpu_time");

    /** Cumulative CPU ns of the GC's threads, or -1 when the counter cannot be read. 0 under ZGC in JDK 25. */
    public static long gcCpuNanos() {
        return GC_CPU < 0 ? -1 : BUF.getLong(GC_CPU);
    }

    private static MappedByteBuffer map() {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(ProcessHandle.current().pid()));
        if (!Files.isReadable(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (b.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) return null;
            b.order(b.get(BYTE_ORDER) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            return b;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The absolute offset of the named scalar long counter, or -1. */
    private static int find(String name) {
        byte[] want = name.getBytes(StandardCharsets.US_ASCII);
        int entry = BUF.getInt(ENTRY_OFFSET);
        int n = BUF.getInt(NUM_ENTRIES);
        for (int i = 0; i < n && entry > 0 && entry < BUF.capacity(); i++) {
            int len = BUF.getInt(entry + ENTRY_LENGTH);
            if (len <= 0) break;
            if (BUF.getInt(entry + VECTOR_LENGTH) == 0 && BUF.get(entry + DATA_TYPE) == 'J'
                    && nameEquals(entry + BUF.getInt(entry + NAME_OFFSET), want)) {
                return entry + BUF.getInt(entry + DATA_OFFSET);
            }
            entry += len;
        }
        return -1;
    }

    private static boolean nameEquals(int at, byte[] want) {
        if (at + want.length >= BUF.capacity()) return false;
        for (int i = 0; i < want.length; i++) if (BUF.get(at + i) != want[i]) return false;
        return BUF.get(at + want.length) == 0;
    }
}
