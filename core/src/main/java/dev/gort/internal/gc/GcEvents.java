package dev.gort.internal.gc;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.gort.internal.env.Env;
import dev.gort.internal.metrics.CpuStats;
import dev.gort.internal.metrics.TimeHistogram;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.tracer.Tracer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The GC's history as Go's MemStats keeps it: cycle count, forced cycles, the 256-entry pause rings,
 * total pause, last GC time, and the {@code GODEBUG=gctrace=1} line — all fed by the JVM's GC
 * notifications ({@code GarbageCollectionNotificationInfo}, delivered on the JDK's
 * "Notification Thread" after each collection).
 *
 * <h2>What counts as one GC</h2>
 * Go counts cycles; each cycle has one or more stop-the-world pauses. The JVM reports per bean:
 * <ul>
 *   <li>Stop-the-world collections (G1 young and full pauses, G1 Remark/Cleanup pauses of the
 *       concurrent cycle on the {@code G1 Concurrent GC} bean, Serial, Parallel): each
 *       notification is one GC whose pause is its duration.</li>
 *   <li>Concurrent collectors (ZGC, Shenandoah) have "X Pauses" and "X Cycles" beans in pairs
 *       (ZGC: Minor and Major, whose cycles interleave). A pair's pauses arrive before its cycle
 *       (observed order) and are held as pending; the cycle notification is one GC whose pause is the
 *       sum of its pair's pending pauses, as Go sums a cycle's pauses.</li>
 * </ul>
 * A cycle whose cause is {@code System.gc()} — {@code runtime.GC()} on the JVM — is forced
 * ({@code NumForcedGC}, {@code (forced)} in gctrace). Durations and times are whole milliseconds
 * (GcInfo's resolution): a pause under 1 ms is recorded as 0.
 *
 * <h2>Start-up</h2>
 * The listeners are installed lazily by {@link #ensureStarted} on first use of any memory
 * function, and at start when GODEBUG=gctrace, GOGC or GOMEMLIMIT is set ({@link #startIfConfigured},
 * called by the scheduler's initialisation); collections before that are not in the rings.
 *
 * <h2>Locking</h2>
 * Every field below is guarded by {@link #LOCK}. The notification thread updates under it and
 * notifies waiters of {@link #forceGC}; readers ({@code ReadMemStats}, {@code ReadGCStats}) copy
 * under it. Nothing is called out to while it is held except {@link HeapGoal#afterCycle} (which
 * takes only HeapGoal's monitor and never this one: lock order LOCK → HeapGoal).
 */
public final class GcEvents {
    private GcEvents() {}

    /** GODEBUG=gctrace level at start. */
    public static final int GCTRACE = Env.godebug("gctrace", 0);
    /** Guards every mutable field of this class. */
    public static final Object LOCK = new Object();
    /** Length of Go's PauseNs/PauseEnd rings. */
    public static final int RING = 256;

    /**
     * The JVM's start, epoch ms: in a holder so that the scheduler's start-up call
     * ({@link #startIfConfigured}) does not load java.management for programs that never use it.
     */
    private static final class JvmStart {
        static final long EPOCH_MS = ManagementFactory.getRuntimeMXBean().getStartTime();
    }
    private static final String SYSTEM_GC = "System.gc()";

    private static boolean started;
    private static long numGC;
    private static long numForcedGC;
    private static long pauseTotalNs;
    private static long lastGC;
    private static final long[] PAUSE_NS = new long[RING];
    private static final long[] PAUSE_END = new long[RING];
    /** Committed non-heap memory (Metaspace, class space, code cache) after the last cycle. */
    private static long nonHeapCommitted;
    /**
     * The heap in use as the last collection left it (its pools' used bytes after GC), or -1 before
     * the first; and every thread's allocated-bytes counter when gort handled that collection's
     * notification. Their sum with the bytes allocated since is {@link #heapAlloc}.
     */
    private static long heapAfterLastGc = -1, allocatedAtLastGc;
    /** The class-metadata part of it (Metaspace and Compressed Class Space): Go's runtime metadata. */
    private static long metadataCommitted;
    /** Heap bytes the collections counted here have freed (in use before minus after, per cycle). */
    private static long freedBytes;
    /** Go's GC pause CPU: each cycle's stop-the-world time × GOMAXPROCS, in ns. */
    private static long pauseCpuNanos;
    /**
     * {@code /gc/pauses:seconds}: every stop-the-world pause the JVM reported (each of a concurrent
     * cycle's pauses on its own), at the notifications' millisecond resolution. Lock-free, not under LOCK.
     */
    public static final TimeHistogram PAUSES = new TimeHistogram();
    /** What a GC bean reports: whole stop-the-world collections, or one half of a Pauses/Cycles pair. */
    private enum Kind { STW, PAUSES, CYCLES }

    /** Pauses of a concurrent cycle not yet closed by its cycle notification; shared by a bean pair. */
    private static final class Pending {
        long firstNs = -1, restNs;
    }
    /** GC-thread CPU (PerfData) at the previous cycle, for gctrace's per-cycle CPU figure. */
    private static long lastGcCpu;
    private static Set<String> heapPools = Set.of();
    private static Set<String> nonHeapPools = Set.of();
    private static boolean explicitGcWorks;

    /** Run at each collection, before it is counted (Go's {@code clearpools} hook of sync.Pool); see {@link #onCycle}. */
    private static final List<Runnable> CYCLE_HOOKS = new CopyOnWriteArrayList<>();

    /**
     * Runs hook after every collection from now on, on the JVM's notification thread, outside
     * {@link #LOCK} and before the collection is counted in NumGC; it must be quick. Starts the
     * listeners if they are not running.
     */
    public static void onCycle(Runnable hook) {
        CYCLE_HOOKS.add(hook);
        ensureStarted();
    }

    /** Installs the listeners at start if the program asked for GC tracing or Go's GC settings. */
    public static void startIfConfigured() {
        if (GCTRACE > 0 || Env.get("GOGC") != null || Env.get("GOMEMLIMIT") != null) {
            ensureStarted();
            HeapGoal.start();
        }
    }

    /** Installs the GC notification listeners once; later calls return at once. */
    public static void ensureStarted() {
        synchronized (LOCK) {
            if (started) return;
            started = true;
            Set<String> heap = new HashSet<>(), nonHeap = new HashSet<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                (p.getType() == MemoryType.HEAP ? heap : nonHeap).add(p.getName());
                if (p.getType() == MemoryType.NON_HEAP) {
                    long c = p.getUsage().getCommitted();
                    nonHeapCommitted += c;
                    if (isMetadata(p.getName())) metadataCommitted += c;
                }
            }
            heapPools = heap;
            nonHeapPools = nonHeap;
            lastGcCpu = Math.max(0, PerfData.gcCpuNanos());
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean disabled = Boolean.parseBoolean(hs.getVMOption("DisableExplicitGC").getValue());
            boolean anyEmitter = false;
            Map<String, Pending> pairs = new HashMap<>();
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (b instanceof NotificationEmitter e) {
                    String name = b.getName();
                    Kind kind = name.endsWith(" Pauses") ? Kind.PAUSES : name.endsWith(" Cycles") ? Kind.CYCLES : Kind.STW;
                    Pending pending = kind == Kind.STW ? null
                            : pairs.computeIfAbsent(name.substring(0, name.length() - " Pauses".length()), k -> new Pending());
                    e.addNotificationListener((n, hb) -> onNotification(n, kind, pending), null, null);
                    anyEmitter = true;
                }
            }
            explicitGcWorks = anyEmitter && !disabled;
        }
        CpuStats.snapshot();
    }

    private static void onNotification(Notification n, Kind kind, Pending pending) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        GcInfo gi = info.getGcInfo();
        long allocated = allocatedBytes(); // first: the JDK's own work for this handler is not "since"
        long durNs = TimeUnit.MILLISECONDS.toNanos(gi.getDuration());
        // Before the cycle is counted, so that whoever waits for the count (runtime.GC) sees their effect.
        if (kind != Kind.PAUSES) for (Runnable hook : CYCLE_HOOKS) hook.run();
        String line;
        long heapLive, heapGoal;
        if (kind != Kind.CYCLES) PAUSES.record(durNs);
        synchronized (LOCK) {
            if (kind == Kind.PAUSES) {
                if (pending.firstNs < 0) pending.firstNs = durNs;
                else pending.restNs += durNs;
                return;
            }
            long first, rest, concurrent;
            if (kind == Kind.CYCLES) { // a concurrent cycle: its pauses came before it
                first = Math.max(0, pending.firstNs);
                rest = pending.restNs;
                concurrent = Math.max(0, durNs - first - rest);
                pending.firstNs = -1;
                pending.restNs = 0;
            } else { // a stop-the-world collection
                first = durNs;
                rest = 0;
                concurrent = 0;
            }
            long pause = first + rest;
            boolean forced = SYSTEM_GC.equals(info.getGcCause());
            long endEpochNs = TimeUnit.MILLISECONDS.toNanos(JvmStart.EPOCH_MS + gi.getEndTime());
            int i = (int) (numGC % RING);
            numGC++;
            if (forced) numForcedGC++;
            PAUSE_NS[i] = pause;
            PAUSE_END[i] = endEpochNs;
            pauseTotalNs += pause;
            pauseCpuNanos += pause * Sched.gomaxprocs();
            lastGC = endEpochNs;
            long before = sum(gi.getMemoryUsageBeforeGc(), heapPools, false);
            long after = sum(gi.getMemoryUsageAfterGc(), heapPools, false);
            heapAfterLastGc = after;
            allocatedAtLastGc = allocated;
            long nh = sum(gi.getMemoryUsageAfterGc(), nonHeapPools, true);
            if (nh > 0) {
                nonHeapCommitted = nh;
                metadataCommitted = sumMetadata(gi.getMemoryUsageAfterGc());
            }
            freedBytes += Math.max(0, before - after);
            long cpu = PerfData.gcCpuNanos();
            long cycleCpu = cpu < 0 ? 0 : Math.max(0, cpu - lastGcCpu);
            if (cpu >= 0) lastGcCpu = cpu;
            HeapGoal.afterCycle(after);
            heapLive = after;
            heapGoal = HeapGoal.nextGC();
            line = GCTRACE > 0 ? GcTrace.line(numGC, gi.getStartTime(), gcCpuFraction(), first, concurrent, rest,
                    cycleCpu, before, after, HeapGoal.nextGC(), Sched.gomaxprocs(), forced) : null;
            // Printed before runtime.GC's waiter wakes, as Go prints it before GC returns: a program
            // that exits right after GC() still shows the line.
            if (line != null) System.err.print(line);
            LOCK.notifyAll();
        }
        CpuStats.snapshot(); // Go updates its CPU classes once per cycle
        if (Tracer.on) {
            // GcInfo times are milliseconds of JVM uptime: place them on the nanoTime clock.
            long nowNano = System.nanoTime();
            long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
            Tracer.gcCycle(nowNano - TimeUnit.MILLISECONDS.toNanos(uptimeMs - gi.getStartTime()),
                    nowNano - TimeUnit.MILLISECONDS.toNanos(uptimeMs - gi.getEndTime()), heapLive, heapGoal);
        }
    }

    private static long sum(Map<String, MemoryUsage> usage, Set<String> pools, boolean committed) {
        long s = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            if (pools.contains(e.getKey())) s += committed ? e.getValue().getCommitted() : e.getValue().getUsed();
        }
        return s;
    }

    /** Class metadata pools: HotSpot's Metaspace and Compressed Class Space (the rest is the code cache). */
    private static boolean isMetadata(String pool) {
        return pool.equals("Metaspace") || pool.equals("Compressed Class Space");
    }

    private static long sumMetadata(Map<String, MemoryUsage> usage) {
        long s = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            if (isMetadata(e.getKey())) s += e.getValue().getCommitted();
        }
        return s;
    }

    /**
     * runtime.GC: a full collection ({@code System.gc()}), then waits until the JVM has reported it,
     * so NumGC and NumForcedGC include it on return. With -XX:+DisableExplicitGC, or a collector
     * without notifications (Epsilon), {@code System.gc()} does nothing and this returns at once.
     */
    public static void forceGC() {
        ensureStarted();
        long before;
        synchronized (LOCK) {
            before = numForcedGC;
        }
        System.gc();
        if (!explicitGcWorks) return;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean interrupted = false;
        synchronized (LOCK) {
            long left;
            while (numForcedGC == before && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(LOCK, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Go's GCCPUFraction: GC-thread CPU time over available CPU (uptime × GOMAXPROCS). 0 when the
     * JVM does not count GC CPU (ZGC in JDK 25, or no perf data). Allocation-free.
     */
    public static double gcCpuFraction() {
        long cpu = PerfData.gcCpuNanos();
        long upNs = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - JvmStart.EPOCH_MS);
        if (cpu <= 0 || upNs <= 0) return 0;
        return (double) cpu / ((double) upNs * Sched.gomaxprocs());
    }

    /**
     * The JVM's allocation counter, in a holder for the same reason as {@link JvmStart}: the
     * platform ThreadMXBean costs ~120 classes, more than the rest of gort's start-up.
     */
    private static final class AllocCounter {
        static final com.sun.management.ThreadMXBean BEAN =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** Bytes allocated by every thread since the JVM started (virtual threads and ended threads included). */
    public static long allocatedBytes() {
        return Math.max(0, AllocCounter.BEAN.getTotalThreadAllocatedBytes());
    }

    /**
     * Go's HeapAlloc: the heap as the last collection left it plus the bytes allocated since
     * ({@code allocatedNow} − the counter at that collection), never more than {@code heapUsed},
     * the JVM's own in-use figure ({@code totalMemory − freeMemory}, which also counts unused TLAB
     * space and garbage a collection not yet reported has freed). Before the first collection:
     * {@code heapUsed}. Call with LOCK held.
     */
    public static long heapAlloc(long allocatedNow, long heapUsed) {
        if (heapAfterLastGc < 0) return heapUsed;
        return Math.min(heapUsed, heapAfterLastGc + Math.max(0, allocatedNow - allocatedAtLastGc));
    }

    /** {@link #heapAlloc} as of now; takes LOCK. Allocation-free. */
    public static long heapAllocNow() {
        long allocated = allocatedBytes();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        synchronized (LOCK) {
            return heapAlloc(allocated, used);
        }
    }

    // Readers: call with LOCK held for a consistent snapshot.

    public static long numGC() {
        return numGC;
    }

    public static long numForcedGC() {
        return numForcedGC;
    }

    public static long pauseTotalNs() {
        return pauseTotalNs;
    }

    public static long lastGC() {
        return lastGC;
    }

    public static long nonHeapCommitted() {
        return nonHeapCommitted;
    }

    /** The class-metadata part of {@link #nonHeapCommitted}. */
    public static long metadataCommitted() {
        return metadataCommitted;
    }

    /** Stop-the-world time × GOMAXPROCS, summed over the collections counted so far. */
    public static long pauseCpuNanos() {
        return pauseCpuNanos;
    }

    /** Heap bytes freed by the collections counted so far. */
    public static long freedBytes() {
        return freedBytes;
    }

    /** Copies the pause ring (Go's layout: entry N%256 is cycle N's) into {@code dst}. */
    public static void copyPauseNs(long[] dst) {
        System.arraycopy(PAUSE_NS, 0, dst, 0, RING);
    }

    /** Copies the pause-end ring (ns since the epoch) into {@code dst}. */
    public static void copyPauseEnd(long[] dst) {
        System.arraycopy(PAUSE_END, 0, dst, 0, RING);
    }
}
