package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** ReadMemStats from the JVM's figures, runtime.GC, and the no-allocation rule. */
class MemStatsTest {
    static final int KB = 1024;
    static final int MB = 1024 * KB;

    /** A9: 100 MB in 1 KB objects, all reachable: Alloc and TotalAlloc grow by about that much. */
    @Test
    void allocationShowsInHeapAllocAndTotalAlloc() {
        GoRuntime.gc();
        MemStats before = GoRuntime.readMemStats();
        byte[][] live = new byte[100 * KB][];
        for (int i = 0; i < live.length; i++) live[i] = new byte[KB];
        MemStats during = GoRuntime.readMemStats();
        assertTrue(during.totalAlloc() - before.totalAlloc() >= 100L * MB, () -> "TotalAlloc grew by " + (during.totalAlloc() - before.totalAlloc()));
        assertTrue(during.heapAlloc() - before.heapAlloc() >= 90L * MB, () -> "HeapAlloc grew by " + (during.heapAlloc() - before.heapAlloc()));
        GoRuntime.keepAlive(live);
        assertEquals(during.alloc(), during.heapAlloc());
        assertEquals(during.heapInuse(), during.heapAlloc());
        assertEquals(during.heapSys(), during.heapInuse() + during.heapIdle());
        assertTrue(during.otherSys() > 0, "non-heap committed (Metaspace, code cache)");
        assertEquals(during.heapSys() + during.otherSys(), during.sys());
        assertTrue(during.nextGC() > 0);
        assertTrue(during.enableGC());
        assertEquals(61, during.bySize().size());
        assertEquals(1024, during.bySize().get(32).size());
    }

    /**
     * Issue 14 §4: after runtime.GC, Alloc is the heap as that collection left it plus what was
     * allocated since — not the JVM's in-use figure, which counts every thread's whole TLAB and
     * jumped by megabytes between identical rounds. Several identical rounds: each reading is within
     * 256 KB above what the heap pools report after the collection, and all lie within 512 KB.
     */
    @Test
    void allocAfterGcIsWhatTheCollectionLeftAndStable() {
        MemStats m = new MemStats();
        GoRuntime.gc(); // warm-up: classes loaded, listeners installed
        GoRuntime.gc();
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < 8; round++) {
            GoRuntime.gc();
            GoRuntime.readMemStats(m);
            long left = heapAfterLastCollection();
            long alloc = m.alloc();
            rounds.append(String.format("round %d: alloc=%d, heap after the collection=%d%n", round, alloc, left));
            assertTrue(alloc >= left - 64 * KB && alloc <= left + 256 * KB, rounds::toString);
            min = Math.min(min, alloc);
            max = Math.max(max, alloc);
        }
        assertTrue(max - min <= 512 * KB, rounds::toString);
    }

    /** The heap pools' used bytes after their latest collection (MemoryPoolMXBean.getCollectionUsage). */
    private static long heapAfterLastCollection() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) sum += p.getCollectionUsage().getUsed();
        }
        return sum;
    }

    /** runtime.GC blocks until the collection is counted: NumGC and NumForcedGC move, the rings record it. */
    @Test
    void gcIsCountedWhenItReturns() {
        MemStats a = GoRuntime.readMemStats();
        long t0 = System.currentTimeMillis();
        GoRuntime.gc();
        MemStats b = GoRuntime.readMemStats();
        assertTrue(b.numGC() >= a.numGC() + 1, () -> a.numGC() + " -> " + b.numGC());
        assertTrue(b.numForcedGC() >= a.numForcedGC() + 1, () -> a.numForcedGC() + " -> " + b.numForcedGC());
        int last = (int) ((b.numGC() + 255) % 256);
        assertEquals(b.lastGC(), b.pauseEnd(last), "the most recent pause ends at LastGC");
        assertTrue(b.lastGC() / 1_000_000 >= t0 - 1000 && b.lastGC() / 1_000_000 <= System.currentTimeMillis() + 1000,
                () -> "LastGC " + b.lastGC() + " not near now");
        assertTrue(b.pauseTotalNs() >= a.pauseTotalNs() + b.pauseNs(last));
        assertSame(b.pauseNs(), b.pauseNs(), "the ring is a view, not a copy");
    }

    /** GCCPUFraction comes from HotSpot's GC CPU counter, which G1 (the default) maintains. */
    @Test
    void gcCpuFractionIsMeasuredUnderG1() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(ProcessHandle.current().pid()))), "no hsperfdata file");
        for (int i = 0; i < 3; i++) GoRuntime.gc();
        double f = GoRuntime.readMemStats().gcCPUFraction();
        assertTrue(f > 0 && f < 1, () -> "GCCPUFraction " + f);
    }

    /** Repeated readMemStats into the same MemStats allocates nothing (measured on this platform thread). */
    @Test
    void readMemStatsDoesNotAllocate() {
        assertTrue(!Thread.currentThread().isVirtual(), "the allocation counter works on platform threads only");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MemStats m = new MemStats();
        for (int i = 0; i < 20_000; i++) GoRuntime.readMemStats(m); // warm up: JIT, lazy start
        long delta = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && delta != 0; attempt++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) GoRuntime.readMemStats(m);
            delta = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, delta, "bytes allocated by 10,000 readMemStats calls");
    }
}
