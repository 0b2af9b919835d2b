package dev.gort.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Go's {@code runtime.MemStats}: memory allocator statistics, filled by
 * {@link GoRuntime#readMemStats(MemStats)} from the JVM's own figures. The accessors are Go's field
 * names in lowerCamelCase. Every field's source is listed in docs/mapping.md ("MemStats"); a field
 * with no JVM meaning is 0 (or Go's constant) and says so in its Javadoc. Go's {@code uint64}
 * fields are {@code long}s here; Go's {@code uint32} counters ({@code NumGC}, {@code NumForcedGC})
 * are {@code long}s too, so they never wrap.
 *
 * <p>An instance is meant to be reused: {@link GoRuntime#readMemStats(MemStats)} overwrites every
 * field in place, including the two 256-entry rings, and allocates nothing.
 */
public final class MemStats {
    /** Length of {@link #pauseNs()} and {@link #pauseEnd()}: Go's 256. */
    public static final int PAUSE_RING = 256;

    long alloc, totalAlloc, sys, heapSys, heapIdle, heapInuse, nextGC, lastGC, pauseTotalNs;
    long numGC, numForcedGC, otherSys;
    double gcCPUFraction;
    final long[] pauseNs = new long[PAUSE_RING];
    final long[] pauseEnd = new long[PAUSE_RING];

    /** A zeroed MemStats, ready for {@link GoRuntime#readMemStats(MemStats)}. */
    public MemStats() {}

    /** {@return Go's {@code Alloc}: bytes of allocated heap objects (same as {@link #heapAlloc()})} */
    public long alloc() { return alloc; }

    /** {@return Go's {@code TotalAlloc}: cumulative bytes allocated on the heap (all threads, virtual ones included, since JVM start)} */
    public long totalAlloc() { return totalAlloc; }

    /** {@return Go's {@code Sys}: the sum of the XSys fields (heap committed + non-heap committed here)} */
    public long sys() { return sys; }

    /** {@return Go's {@code Lookups}: always 0 (Go's is always 0 too; there are no runtime pointer lookups)} */
    public long lookups() { return 0; }

    /** {@return Go's {@code Mallocs}: 0 — the JVM does not count allocated objects (only bytes); see docs/mapping.md} */
    public long mallocs() { return 0; }

    /** {@return Go's {@code Frees}: 0 — the JVM does not count freed objects} */
    public long frees() { return 0; }

    /** {@return Go's {@code HeapAlloc}: bytes of heap in use, reachable or not yet collected} */
    public long heapAlloc() { return alloc; }

    /** {@return Go's {@code HeapSys}: heap memory obtained from the OS (the committed heap)} */
    public long heapSys() { return heapSys; }

    /** {@return Go's {@code HeapIdle}: committed heap not in use (HeapSys − HeapInuse)} */
    public long heapIdle() { return heapIdle; }

    /** {@return Go's {@code HeapInuse}: heap in use (the JVM has no spans: equals HeapAlloc)} */
    public long heapInuse() { return heapInuse; }

    /** {@return Go's {@code HeapReleased}: 0 — memory the JVM uncommits leaves HeapSys instead of being counted here} */
    public long heapReleased() { return 0; }

    /** {@return Go's {@code HeapObjects}: 0 — the JVM keeps no live-object count (a heap walk would be needed)} */
    public long heapObjects() { return 0; }

    /** {@return Go's {@code StackInuse}: 0 — virtual-thread stacks are heap objects (in HeapAlloc); platform stacks are not measurable without NMT} */
    public long stackInuse() { return 0; }

    /** {@return Go's {@code StackSys}: 0, as {@link #stackInuse()}} */
    public long stackSys() { return 0; }

    /** {@return Go's {@code MSpanInuse}: 0 — no mspan structures on the JVM} */
    public long mSpanInuse() { return 0; }

    /** {@return Go's {@code MSpanSys}: 0 — no mspan structures on the JVM} */
    public long mSpanSys() { return 0; }

    /** {@return Go's {@code MCacheInuse}: 0 — no mcache structures on the JVM (TLABs live inside the heap)} */
    public long mCacheInuse() { return 0; }

    /** {@return Go's {@code MCacheSys}: 0 — no mcache structures on the JVM} */
    public long mCacheSys() { return 0; }

    /** {@return Go's {@code BuckHashSys}: 0 — gort's profiling buckets are ordinary heap objects (in HeapAlloc)} */
    public long buckHashSys() { return 0; }

    /** {@return Go's {@code GCSys}: 0 — the JVM reports GC metadata only with Native Memory Tracking} */
    public long gcSys() { return 0; }

    /** {@return Go's {@code OtherSys}: committed non-heap memory (Metaspace, class space, code cache) as of the last GC} */
    public long otherSys() { return otherSys; }

    /** {@return Go's {@code NextGC}: the heap size the collector works to (SoftMaxHeapSize on ZGC/Shenandoah, else the committed heap)} */
    public long nextGC() { return nextGC; }

    /** {@return Go's {@code LastGC}: when the last collection ended, ns since the epoch (ms resolution); 0 if none was seen} */
    public long lastGC() { return lastGC; }

    /** {@return Go's {@code PauseTotalNs}: cumulative stop-the-world pause time (ms resolution)} */
    public long pauseTotalNs() { return pauseTotalNs; }

    /**
     * Go's {@code PauseNs}: the 256-entry ring of recent pauses; the most recent is at
     * {@code (numGC()+255) % 256}. Returns this object's own array (a view, overwritten by the next
     * readMemStats into this object).
     *
     * @return this object's pause ring (not a copy)
     */
    public long[] pauseNs() { return pauseNs; }

    /**
     * Go's {@code PauseNs[i]}.
     *
     * @param i the ring index, 0 to 255
     * @return the pause in ns
     */
    public long pauseNs(int i) { return pauseNs[i]; }

    /** {@return Go's {@code PauseEnd}: the ring of pause end times, ns since the epoch; same layout and view rules as {@link #pauseNs()}} */
    public long[] pauseEnd() { return pauseEnd; }

    /**
     * Go's {@code PauseEnd[i]}.
     *
     * @param i the ring index, 0 to 255
     * @return the end time in ns since the epoch
     */
    public long pauseEnd(int i) { return pauseEnd[i]; }

    /** {@return Go's {@code NumGC}: completed collections seen since gort started listening (see docs/mapping.md)} */
    public long numGC() { return numGC; }

    /** {@return Go's {@code NumForcedGC}: collections forced by {@code GoRuntime.gc()} or {@code System.gc()}} */
    public long numForcedGC() { return numForcedGC; }

    /** {@return Go's {@code GCCPUFraction}: GC threads' CPU over uptime × GOMAXPROCS; 0 where the JVM does not count it (ZGC)} */
    public double gcCPUFraction() { return gcCPUFraction; }

    /** {@return Go's {@code EnableGC}: always true, as in Go} */
    public boolean enableGC() { return true; }

    /** {@return Go's {@code DebugGC}: always false (unused in Go too)} */
    public boolean debugGC() { return false; }

    /**
     * Go's {@code BySize}: 61 entries with Go's size-class bounds ({@code Size}) and zero counts.
     * The JVM's allocator has no size classes and counts nothing per size; the bounds are Go's so
     * that code indexing by size finds the entry it expects.
     *
     * @return the 61 size classes
     */
    public List<BySize> bySize() { return BY_SIZE; }

    /**
     * One entry of Go's {@code MemStats.BySize}: the class's largest object size and its counts (0 on the JVM).
     *
     * @param size the largest object size of the class, in bytes
     * @param mallocs objects allocated in the class (0 on the JVM)
     * @param frees objects freed in the class (0 on the JVM)
     */
    public record BySize(int size, long mallocs, long frees) {}

    /** Go's class_to_size[0..60] (runtime/sizeclasses.go): the sizes Go's ReadMemStats reports. */
    private static final int[] GO_CLASS_SIZES = {
        0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
        352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
        2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
        10880, 12288, 13568, 14336, 16384, 18432};

    private static final List<BySize> BY_SIZE;

    static {
        List<BySize> l = new ArrayList<>(GO_CLASS_SIZES.length);
        for (int s : GO_CLASS_SIZES) l.add(new BySize(s, 0, 0));
        BY_SIZE = Collections.unmodifiableList(l);
    }
}
