package dev.gort.runtime.metrics;

import dev.gort.internal.env.Env;
import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.gc.HeapGoal;
import dev.gort.internal.metrics.CpuStats;
import dev.gort.internal.metrics.TimeHistogram;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sema.Sema;
import dev.gort.runtime.cgo.Cgo;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Go's {@code runtime/metrics}: {@link #all()} describes Go 1.21's metrics, {@link #read} fills
 * samples from gort's own machinery.
 *
 * <h2>Design</h2>
 * One table, in Go's order (sorted by name, the {@code /godebug/} entries where Go inserts them),
 * maps each name to a reader: a function that writes the metric's current value into a
 * {@link Value}. The sources are the scheduler ({@code /sched/*}: goroutine count, GOMAXPROCS, a
 * lock-free histogram of sampled runnable-to-running delays fed by the carriers), the runtime
 * semaphores ({@code /sync/mutex/wait/total}), the JVM's GC notifications ({@code /gc/*}: cycles,
 * pauses, freed bytes), the heap goal gort drives ({@code /gc/heap/goal}, GOGC, GOMEMLIMIT), the
 * JVM's heap and non-heap pools ({@code /memory/classes/*}), the JVM's CPU counters
 * ({@code /cpu/classes/*}, snapshots taken at each collection's end as Go 1.21 takes them) and
 * gort's counted C calls ({@code /cgo/go-to-c-calls}).
 *
 * <p>A Go metric with no honest JVM source keeps its name in the table with no reader: it is
 * described with kind {@link ValueKind#BAD} and the reason, and reads as BAD, like a name Go does
 * not know; it is never filled with a made-up zero. docs/mapping.md lists every metric's source.
 *
 * <h2>Cost</h2>
 * {@link #read} looks each name up in a hash map (String hashes are cached) and calls its reader;
 * readers read volatile fields, atomic counters and the JVM's counters. With reused samples it
 * allocates nothing (tested). Values are read one by one, not at one instant, as in Go.
 */
public final class Metrics {
    private Metrics() {}

    /** Writes a metric's value. */
    @FunctionalInterface
    private interface Reader {
        void read(Value v);
    }

    private record Metric(Description desc, Reader reader) {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String CPU_NOTE = " Taken at the end of each collection, as Go 1.21 does; an estimate"
            + " to compare only with the other /cpu/classes metrics.";
    private static final String NO_OBJECTS = "Not measured: the JVM counts allocated bytes, not objects or size"
            + " classes; counting them would take a heap walk or invented totals.";
    private static final String NO_GC_CPU = "Not measured: the collector reports no CPU time for its threads"
            + " (ZGC, or -XX:-UsePerfData).";
    private static final String NO_SPLIT = "Not measured: the JVM reports its GC threads' CPU as one figure,"
            + " without Go's split into assist, dedicated and idle marking.";
    private static final String NO_SCAVENGER = "Not measured: the JVM has no scavenger apart from its collector;"
            + " returning memory to the OS is GC work, counted in /cpu/classes/gc/total.";
    private static final String NO_STRUCT = "Not measured: the JVM's allocator has no such structure.";

    /** Go 1.21's GODEBUG settings with a non-default-behavior counter (internal/godebugs). */
    private static final String[] GO121_GODEBUGS = {
        "execerrdot", "gocachehash", "gocachetest", "gocacheverify", "http2client", "http2server",
        "installgoroot", "jstmpllitinterp", "multipartmaxheaders", "multipartmaxparts", "multipathtcp",
        "netedns0", "panicnil", "randautoseed", "tarinsecurepath", "tlsmaxrsasize", "x509sha1",
        "x509usefallbackroots", "zipinsecurepath",
    };

    private static final List<Metric> TABLE = table();
    private static final Map<String, Metric> BY_NAME = index(TABLE);
    private static final List<Description> ALL = descriptions(TABLE);

    /** {@return Go's {@code metrics.All}: Go 1.21's metrics, sorted by name; those gort cannot measure have kind BAD} */
    public static List<Description> all() {
        return ALL;
    }

    /**
     * Go's {@code metrics.Read}: fills each sample's value with the metric's current value, or
     * {@link ValueKind#BAD} for a name that is unknown or not measured. A sample that already holds
     * a histogram of the metric gets its counts refilled in place; reused samples make this
     * allocation-free. The first call starts gort's GC listener (cycles before it are not counted).
     *
     * @param samples the samples to fill in place, each naming its metric
     */
    public static void read(Sample... samples) {
        GcEvents.ensureStarted();
        for (Sample s : samples) {
            Metric m = BY_NAME.get(s.name());
            Value v = s.value();
            if (m == null || m.reader == null) v.setBad();
            else m.reader.read(v);
        }
    }

    // ---------------------------------------------------------------- the table

    private static List<Metric> table() {
        List<Metric> t = new ArrayList<>();
        u(t, "/cgo/go-to-c-calls:calls", true, "C calls made through dev.gort.runtime.cgo.Cgo's counted"
                + " downcall handles (the JVM's cgo: the Foreign Function & Memory API).", Cgo::calls);
        bad(t, "/cpu/classes/gc/mark/assist:cpu-seconds", true, NO_SPLIT);
        bad(t, "/cpu/classes/gc/mark/dedicated:cpu-seconds", true, NO_SPLIT);
        bad(t, "/cpu/classes/gc/mark/idle:cpu-seconds", true, NO_SPLIT);
        f(t, "/cpu/classes/gc/pause:cpu-seconds", true, "Stop-the-world GC time multiplied by GOMAXPROCS,"
                + " summed over the collections gort has seen (Go's accounting: nothing else runs)." + CPU_NOTE,
                () -> seconds(gcLocked(GcEvents::pauseCpuNanos)));
        if (CpuStats.GC_CPU_KNOWN) {
            f(t, "/cpu/classes/gc/total:cpu-seconds", true, "CPU time of the JVM's GC threads (HotSpot's"
                    + " sun.threads.total_gc_cpu_time), concurrent and paused work alike." + CPU_NOTE,
                    () -> seconds(CpuStats.gcNanos()));
            f(t, "/cpu/classes/idle:cpu-seconds", true, "/cpu/classes/total minus /cpu/classes/user and"
                    + " /cpu/classes/gc/total (never below 0)." + CPU_NOTE, () -> seconds(CpuStats.idleNanos()));
        } else {
            bad(t, "/cpu/classes/gc/total:cpu-seconds", true, NO_GC_CPU);
            bad(t, "/cpu/classes/idle:cpu-seconds", true, NO_GC_CPU);
        }
        bad(t, "/cpu/classes/scavenge/assist:cpu-seconds", true, NO_SCAVENGER);
        bad(t, "/cpu/classes/scavenge/background:cpu-seconds", true, NO_SCAVENGER);
        bad(t, "/cpu/classes/scavenge/total:cpu-seconds", true, NO_SCAVENGER);
        f(t, "/cpu/classes/total:cpu-seconds", true, "GOMAXPROCS integrated over the JVM's running time:"
                + " the CPU time available to goroutines and the runtime." + CPU_NOTE, () -> seconds(CpuStats.totalNanos()));
        if (CpuStats.GC_CPU_KNOWN) {
            f(t, "/cpu/classes/user:cpu-seconds", true, "The process's CPU time minus the GC threads':"
                    + " goroutines, other Java threads and the JIT compiler." + CPU_NOTE, () -> seconds(CpuStats.userNanos()));
        } else {
            bad(t, "/cpu/classes/user:cpu-seconds", true, NO_GC_CPU);
        }
        u(t, "/gc/cycles/automatic:gc-cycles", true, "Collections the JVM started on its own.",
                () -> gcLocked(() -> GcEvents.numGC() - GcEvents.numForcedGC()));
        u(t, "/gc/cycles/forced:gc-cycles", true, "Collections forced by runtime.GC() or System.gc().",
                () -> gcLocked(GcEvents::numForcedGC));
        u(t, "/gc/cycles/total:gc-cycles", true, "Every collection seen (GC notifications since gort started"
                + " listening; a concurrent cycle with its pauses is one).", () -> gcLocked(GcEvents::numGC));
        u(t, "/gc/gogc:percent", false, "GOGC as set by the environment or debug.setGCPercent, else 100;"
                + " off reads as 2^64-1, as in Go.", () -> HeapGoal.gcPercent());
        u(t, "/gc/gomemlimit:bytes", false, "GOMEMLIMIT as set by the environment or debug.setMemoryLimit,"
                + " else 2^63-1.", HeapGoal::memoryLimit);
        bad(t, "/gc/heap/allocs-by-size:bytes", true, NO_OBJECTS);
        u(t, "/gc/heap/allocs:bytes", true, "Bytes allocated by every thread since the JVM started"
                + " (HotSpot's per-thread allocation counters).", THREADS::getTotalThreadAllocatedBytes);
        bad(t, "/gc/heap/allocs:objects", true, NO_OBJECTS);
        bad(t, "/gc/heap/frees-by-size:bytes", true, NO_OBJECTS);
        u(t, "/gc/heap/frees:bytes", true, "Heap bytes freed by the collections seen: heap in use before"
                + " minus after, per collection.", () -> gcLocked(GcEvents::freedBytes));
        bad(t, "/gc/heap/frees:objects", true, NO_OBJECTS);
        u(t, "/gc/heap/goal:bytes", false, "The heap goal: Go's formula from GOGC and GOMEMLIMIT when gort"
                + " drives the collector, else the committed heap (MemStats.NextGC).", HeapGoal::nextGC);
        u(t, "/gc/heap/live:bytes", false, "Heap in use right after the last collection (0 before the first).",
                HeapGoal::liveHeap);
        bad(t, "/gc/heap/objects:objects", false, NO_OBJECTS);
        bad(t, "/gc/heap/tiny/allocs:objects", true, NO_OBJECTS);
        bad(t, "/gc/limiter/last-enabled:gc-cycle", false, "Not measured: the JVM's collectors have no GC CPU limiter.");
        h(t, "/gc/pauses:seconds", "Stop-the-world pauses the JVM reported (each pause of a concurrent"
                + " cycle on its own), at millisecond resolution.", GcEvents.PAUSES);
        for (String scan : new String[] {"globals", "heap", "stack", "total"}) {
            bad(t, "/gc/scan/" + scan + ":bytes", false, "Not measured: the JVM does not report how much"
                    + " of its roots and heap each collection scans.");
        }
        bad(t, "/gc/stack/starting-size:bytes", false, "Not measured: a goroutine's stack lives in heap"
                + " chunks that grow as needed; there is no starting size.");
        for (String key : GO121_GODEBUGS) {
            String name = "/godebug/non-default-behavior/" + key + ":events";
            if (key.equals("panicnil")) {
                u(t, name, true, "Calls of panic(null) that GODEBUG=panicnil=1 let through with a null value.",
                        Env.PANICNIL_EVENTS::sum);
            } else {
                bad(t, name, true, "Not measured: the setting belongs to a Go package gort does not provide.");
            }
        }
        u(t, "/memory/classes/heap/free:bytes", false, "Committed Java heap not in use.", Metrics::heapFree);
        u(t, "/memory/classes/heap/objects:bytes", false, "Java heap in use: live objects and dead ones not"
                + " yet collected (goroutine stacks, which are heap objects, included); MemStats.HeapAlloc.", Metrics::heapInUse);
        bad(t, "/memory/classes/heap/released:bytes", false, "Not measured: heap memory the JVM uncommits"
                + " leaves its committed heap instead.");
        bad(t, "/memory/classes/heap/stacks:bytes", false, "Not measured apart: goroutine stacks are heap"
                + " objects, counted in /memory/classes/heap/objects.");
        bad(t, "/memory/classes/heap/unused:bytes", false, "Not measured: the JVM reports no fragmentation figure.");
        bad(t, "/memory/classes/metadata/mcache/free:bytes", false, NO_STRUCT);
        bad(t, "/memory/classes/metadata/mcache/inuse:bytes", false, NO_STRUCT);
        bad(t, "/memory/classes/metadata/mspan/free:bytes", false, NO_STRUCT);
        bad(t, "/memory/classes/metadata/mspan/inuse:bytes", false, NO_STRUCT);
        u(t, "/memory/classes/metadata/other:bytes", false, "Committed class metadata (Metaspace and"
                + " Compressed Class Space), as of the last GC notification.",
                () -> gcLocked(GcEvents::metadataCommitted));
        bad(t, "/memory/classes/os-stacks:bytes", false, "Not measured: platform thread stacks are visible"
                + " only with Native Memory Tracking.");
        u(t, "/memory/classes/other:bytes", false, "Other committed non-heap memory (the JIT's code cache),"
                + " as of the last GC notification.",
                () -> gcLocked(() -> GcEvents.nonHeapCommitted() - GcEvents.metadataCommitted()));
        bad(t, "/memory/classes/profiling/buckets:bytes", false, "Not measured apart: gort's profile"
                + " buckets are heap objects.");
        u(t, "/memory/classes/total:bytes", false, "Committed heap plus committed non-heap memory: the sum"
                + " of the /memory/classes metrics gort measures.", Metrics::memoryTotal);
        u(t, "/sched/gomaxprocs:threads", false, "GOMAXPROCS: how many goroutines may run Java code at once.",
                Sched::gomaxprocs);
        u(t, "/sched/goroutines:goroutines", false, "Live goroutines (runtime.NumGoroutine).", Sched::numGoroutine);
        h(t, "/sched/latencies:seconds", "Delays from runnable (started, readied or yielded) to running on a"
                + " carrier, one runnable period in eight sampled, as Go samples.", Sched.LATENCIES);
        f(t, "/sync/mutex/wait/total:seconds", true, "Time goroutines have spent blocked on sync.Mutex and"
                + " sync.RWMutex, from blocking to being readied (every wait timed).",
                () -> seconds(Sema.mutexWaitNanos()));
        return t;
    }

    private static void u(List<Metric> t, String name, boolean cumulative, String desc, LongSupplier source) {
        t.add(new Metric(new Description(name, desc, ValueKind.UINT64, cumulative), v -> v.setUint64(source.getAsLong())));
    }

    private static void f(List<Metric> t, String name, boolean cumulative, String desc, DoubleSupplier source) {
        t.add(new Metric(new Description(name, desc, ValueKind.FLOAT64, cumulative), v -> v.setFloat64(source.getAsDouble())));
    }

    private static void h(List<Metric> t, String name, String desc, TimeHistogram source) {
        t.add(new Metric(new Description(name, desc, ValueKind.FLOAT64_HISTOGRAM, true),
                v -> source.copyCounts(v.setHistogram(TimeHistogram.BOUNDARIES))));
    }

    private static void bad(List<Metric> t, String name, boolean cumulative, String reason) {
        t.add(new Metric(new Description(name, reason, ValueKind.BAD, cumulative), null));
    }

    private static Map<String, Metric> index(List<Metric> table) {
        Map<String, Metric> m = new HashMap<>();
        for (Metric x : table) m.put(x.desc.name(), x);
        return m;
    }

    private static List<Description> descriptions(List<Metric> table) {
        List<Description> d = new ArrayList<>();
        for (Metric x : table) d.add(x.desc);
        return List.copyOf(d);
    }

    // ---------------------------------------------------------------- sources

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Reads GC state under its lock, for a consistent value ({@code read} must be a non-capturing lambda). */
    private static long gcLocked(LongSupplier read) {
        synchronized (GcEvents.LOCK) {
            return read.getAsLong();
        }
    }

    /** MemStats' HeapAlloc, as Go's /memory/classes/heap/objects equals it. */
    private static long heapInUse() {
        return GcEvents.heapAllocNow();
    }

    private static long heapFree() {
        return Math.max(0, Runtime.getRuntime().totalMemory() - GcEvents.heapAllocNow());
    }

    private static long memoryTotal() {
        return Runtime.getRuntime().totalMemory() + gcLocked(GcEvents::nonHeapCommitted);
    }
}
