package dev.gort.internal.prof;

import dev.gort.internal.env.Env;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;

/**
 * The heap and allocs profiles (Go's mprof.go memory records), from JDK Flight Recorder.
 *
 * <h2>Allocations</h2>
 * JFR's {@code jdk.ObjectAllocationSample} samples allocations at a throttled number of events per
 * second; each event's {@code weight} is the bytes its thread allocated since its previous sample.
 * gort turns these into Go's sampler ({@code runtime.MemProfileRate}, one sample per
 * {@code rate} bytes on average, 512 KiB by default, {@code GODEBUG=memprofilerate=N}; the
 * setting itself lives in {@link Env}): an event
 * lighter than the rate is kept with probability weight/rate and then stands for {@code rate}
 * bytes; a heavier one stands for its weight (JFR cannot sample finer than its throttle). The
 * expected total is the bytes allocated, as Go's unbiased estimate is. The throttle follows the
 * rate: JFR's default 150 events/s at Go's default rate, proportionally more for smaller rates (at
 * most 10,000/s). JFR reports no object sizes, so {@code alloc_objects} counts samples kept.
 *
 * <h2>In use</h2>
 * JFR's leak profiler ({@code jdk.OldObjectSample}) keeps a bounded reservoir of sampled
 * allocations that are still reachable, with their stacks and sizes. When a heap profile is taken
 * the reservoir is read (a dump of this recording), and each stack's share of the sampled live
 * bytes is applied to the heap in use after the last collection: in-use bytes per stack, summing to
 * the live heap. In-use objects are the same shares over the sampled objects' average size.
 *
 * <h2>Life cycle and locking</h2>
 * The recording starts on the first use of pprof ({@link #ensureStarted}), not at program start,
 * and runs until the process ends. {@link #LOCK} guards the stream; {@link #ALLOCS} is a
 * concurrent map written by the stream's thread, each bucket's counters under its monitor.
 */
public final class MemProf {
    private MemProf() {}

    /** Go's default MemProfileRate: 512 KiB. */
    public static final int DEFAULT_RATE = 512 * 1024;
    private static final int DEFAULT_THROTTLE = 150, MAX_THROTTLE = 10_000;


    private static final Object LOCK = new Object();
    private static RecordingStream stream; // guarded by LOCK
    /** The rate the stream's throttle was set for; guarded by LOCK. */
    private static int streamRate;

    private static final Map<ProfileBuilder.Key, long[]> ALLOCS = new ConcurrentHashMap<>();

    /** Go's runtime.MemProfileRate (kept by {@link Env}, which reads GODEBUG=memprofilerate); 0: no allocation is sampled. */
    public static int rate() {
        return Math.max(Env.memProfileRate(), 0);
    }

    /** Sets Go's runtime.MemProfileRate; a running recording is re-throttled for the new rate. */
    public static void setRate(int r) {
        Env.setMemProfileRate(Math.max(r, 0));
        synchronized (LOCK) {
            if (stream != null && streamRate != rate()) {
                stream.close();
                stream = null;
                start();
            }
        }
    }

    /** Starts the allocation recording if it is not running (first use of pprof). */
    public static void ensureStarted() {
        synchronized (LOCK) {
            if (stream == null) start();
        }
    }

    private static void start() {
        int r = rate();
        streamRate = r;
        if (r <= 0) return;
        long throttle = Math.min(MAX_THROTTLE, Math.max(DEFAULT_THROTTLE, (long) DEFAULT_THROTTLE * DEFAULT_RATE / r));
        RecordingStream rs = new RecordingStream();
        rs.enable("jdk.ObjectAllocationSample").with("throttle", throttle + "/s").withStackTrace();
        rs.enable("jdk.OldObjectSample").with("cutoff", "0 ns").withStackTrace();
        rs.setMaxAge(Duration.ofSeconds(5));
        rs.onEvent("jdk.ObjectAllocationSample", MemProf::allocation);
        rs.startAsync();
        stream = rs;
    }

    private static void allocation(RecordedEvent e) {
        long r = rate();
        long weight = e.getLong("weight");
        if (r <= 0 || e.getStackTrace() == null) return;
        long bytes;
        if (weight < r) {
            if (ThreadLocalRandom.current().nextLong(r) >= weight) return;
            bytes = r;
        } else {
            bytes = weight;
        }
        long[] b = ALLOCS.computeIfAbsent(new ProfileBuilder.Key(CpuProf.pcs(e.getStackTrace()), new String[0]), k -> new long[2]);
        synchronized (b) {
            b[0]++;
            b[1] += bytes;
        }
    }

    /** One stack's figures: Go's MemProfileRecord without the free counts' split. */
    public record Bucket(long[] pcs, long allocObjects, long allocBytes, long inuseObjects, long inuseBytes) {}

    /** Every stack with allocations sampled or objects live, as of now. */
    public static List<Bucket> buckets() {
        Map<ProfileBuilder.Key, long[]> all = new LinkedHashMap<>();
        ALLOCS.forEach((k, b) -> {
            synchronized (b) {
                all.put(k, new long[] {b[0], b[1], 0, 0});
            }
        });
        inUse(all);
        List<Bucket> out = new ArrayList<>(all.size());
        all.forEach((k, v) -> out.add(new Bucket(k.pcs(), v[0], v[1], v[2], v[3])));
        return out;
    }

    /** Adds the in-use estimate (see the class comment) to each stack's figures. */
    private static void inUse(Map<ProfileBuilder.Key, long[]> all) {
        RecordingStream rs;
        synchronized (LOCK) {
            rs = stream;
        }
        if (rs == null) return;
        Map<ProfileBuilder.Key, long[]> live = new LinkedHashMap<>();
        long sampledBytes = 0;
        Path dump = null;
        try {
            dump = Files.createTempFile("gort-heap", ".jfr");
            // Each dump writes the whole reservoir again; the recording also holds earlier dumps'
            // copies, so only this dump's events (ending after it was asked for) count.
            Instant asked = Instant.now().minusMillis(1);
            rs.dump(dump);
            try (RecordingFile f = new RecordingFile(dump)) {
                while (f.hasMoreEvents()) {
                    RecordedEvent e = f.readEvent();
                    if (!e.getEventType().getName().equals("jdk.OldObjectSample") || e.getStackTrace() == null
                            || e.getEndTime().isBefore(asked)) continue;
                    long size = Math.max(e.getLong("objectSize"), 0);
                    long[] v = live.computeIfAbsent(new ProfileBuilder.Key(CpuProf.pcs(e.getStackTrace()), new String[0]), k -> new long[2]);
                    v[0]++;
                    v[1] += size;
                    sampledBytes += size;
                }
            }
        } catch (IOException | IllegalStateException e) {
            return; // no reservoir readable: in-use figures stay 0, as before any sample
        } finally {
            if (dump != null) dump.toFile().delete();
        }
        if (sampledBytes == 0) return;
        // live heap / sampled live bytes scales bytes; over the sampled objects' average size it
        // scales object counts by the same factor
        double scale = (double) liveHeap() / sampledBytes;
        live.forEach((k, v) -> {
            long[] a = all.computeIfAbsent(k, x -> new long[4]);
            a[2] += Math.round(v[0] * scale);
            a[3] += Math.round(v[1] * scale);
        });
    }

    /** The heap in use after the last collection (the pools' collection usage), else in use now. */
    static long liveHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP) continue;
            MemoryUsage u = p.getCollectionUsage();
            if (u != null) sum += u.getUsed();
        }
        if (sum > 0) return sum;
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * The heap profile in Go's shape: alloc_objects, alloc_space, inuse_objects, inuse_space, period
     * the rate in bytes, the {@code bytes} numeric label (average size); {@code allocs} makes it the
     * allocs profile (default sample type alloc_space).
     */
    public static ProfileBuilder collect(boolean allocs) {
        ProfileBuilder p = new ProfileBuilder("space", "bytes", rate(),
                "alloc_objects", "count", "alloc_space", "bytes", "inuse_objects", "count", "inuse_space", "bytes");
        if (allocs) p.defaultSampleType("alloc_space");
        for (Bucket b : buckets()) {
            long objects = Math.max(b.allocObjects(), b.inuseObjects());
            long bytes = b.allocObjects() > 0 ? b.allocBytes() : b.inuseBytes();
            long avg = objects > 0 ? bytes / objects : 0;
            p.add(b.pcs(), "bytes", avg, null, b.allocObjects(), b.allocBytes(), b.inuseObjects(), b.inuseBytes());
        }
        return p;
    }
}
