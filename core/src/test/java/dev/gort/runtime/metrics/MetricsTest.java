package dev.gort.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.cgo.Cgo;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import dev.gort.testing.Goroutines;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTest {
    /** Go 1.21's metrics.All() names, in its order (runtime/metrics documentation, go1.21). */
    static final List<String> GO121 = List.of(
            "/cgo/go-to-c-calls:calls",
            "/cpu/classes/gc/mark/assist:cpu-seconds",
            "/cpu/classes/gc/mark/dedicated:cpu-seconds",
            "/cpu/classes/gc/mark/idle:cpu-seconds",
            "/cpu/classes/gc/pause:cpu-seconds",
            "/cpu/classes/gc/total:cpu-seconds",
            "/cpu/classes/idle:cpu-seconds",
            "/cpu/classes/scavenge/assist:cpu-seconds",
            "/cpu/classes/scavenge/background:cpu-seconds",
            "/cpu/classes/scavenge/total:cpu-seconds",
            "/cpu/classes/total:cpu-seconds",
            "/cpu/classes/user:cpu-seconds",
            "/gc/cycles/automatic:gc-cycles",
            "/gc/cycles/forced:gc-cycles",
            "/gc/cycles/total:gc-cycles",
            "/gc/gogc:percent",
            "/gc/gomemlimit:bytes",
            "/gc/heap/allocs-by-size:bytes",
            "/gc/heap/allocs:bytes",
            "/gc/heap/allocs:objects",
            "/gc/heap/frees-by-size:bytes",
            "/gc/heap/frees:bytes",
            "/gc/heap/frees:objects",
            "/gc/heap/goal:bytes",
            "/gc/heap/live:bytes",
            "/gc/heap/objects:objects",
            "/gc/heap/tiny/allocs:objects",
            "/gc/limiter/last-enabled:gc-cycle",
            "/gc/pauses:seconds",
            "/gc/scan/globals:bytes",
            "/gc/scan/heap:bytes",
            "/gc/scan/stack:bytes",
            "/gc/scan/total:bytes",
            "/gc/stack/starting-size:bytes",
            "/godebug/non-default-behavior/execerrdot:events",
            "/godebug/non-default-behavior/gocachehash:events",
            "/godebug/non-default-behavior/gocachetest:events",
            "/godebug/non-default-behavior/gocacheverify:events",
            "/godebug/non-default-behavior/http2client:events",
            "/godebug/non-default-behavior/http2server:events",
            "/godebug/non-default-behavior/installgoroot:events",
            "/godebug/non-default-behavior/jstmpllitinterp:events",
            "/godebug/non-default-behavior/multipartmaxheaders:events",
            "/godebug/non-default-behavior/multipartmaxparts:events",
            "/godebug/non-default-behavior/multipathtcp:events",
            "/godebug/non-default-behavior/netedns0:events",
            "/godebug/non-default-behavior/panicnil:events",
            "/godebug/non-default-behavior/randautoseed:events",
            "/godebug/non-default-behavior/tarinsecurepath:events",
            "/godebug/non-default-behavior/tlsmaxrsasize:events",
            "/godebug/non-default-behavior/x509sha1:events",
            "/godebug/non-default-behavior/x509usefallbackroots:events",
            "/godebug/non-default-behavior/zipinsecurepath:events",
            "/memory/classes/heap/free:bytes",
            "/memory/classes/heap/objects:bytes",
            "/memory/classes/heap/released:bytes",
            "/memory/classes/heap/stacks:bytes",
            "/memory/classes/heap/unused:bytes",
            "/memory/classes/metadata/mcache/free:bytes",
            "/memory/classes/metadata/mcache/inuse:bytes",
            "/memory/classes/metadata/mspan/free:bytes",
            "/memory/classes/metadata/mspan/inuse:bytes",
            "/memory/classes/metadata/other:bytes",
            "/memory/classes/os-stacks:bytes",
            "/memory/classes/other:bytes",
            "/memory/classes/profiling/buckets:bytes",
            "/memory/classes/total:bytes",
            "/sched/gomaxprocs:threads",
            "/sched/goroutines:goroutines",
            "/sched/latencies:seconds",
            "/sync/mutex/wait/total:seconds");

    /** Go's metric name syntax (runtime/metrics Description.Name). */
    private static final Pattern NAME = Pattern.compile("^(?<name>/[^:]+):(?<unit>[^:*/]+(?:[*/][^:*/]+)*)$");

    @Test
    void allHasGo121sNamesInGo121sOrder() {
        List<String> names = Metrics.all().stream().map(Description::name).toList();
        assertEquals(GO121, names);
        for (Description d : Metrics.all()) {
            assertTrue(NAME.matcher(d.name()).matches(), d.name());
            assertTrue(!d.description().isEmpty(), d.name());
        }
    }

    @Test
    void theCoreMetricsAreMeasuredWithGosKinds() {
        assertKind("/sched/goroutines:goroutines", ValueKind.UINT64, false);
        assertKind("/sched/gomaxprocs:threads", ValueKind.UINT64, false);
        assertKind("/sched/latencies:seconds", ValueKind.FLOAT64_HISTOGRAM, true);
        assertKind("/gc/pauses:seconds", ValueKind.FLOAT64_HISTOGRAM, true);
        assertKind("/gc/cycles/total:gc-cycles", ValueKind.UINT64, true);
        assertKind("/gc/gogc:percent", ValueKind.UINT64, false);
        assertKind("/gc/gomemlimit:bytes", ValueKind.UINT64, false);
        assertKind("/sync/mutex/wait/total:seconds", ValueKind.FLOAT64, true);
        assertKind("/memory/classes/total:bytes", ValueKind.UINT64, false);
        assertKind("/cpu/classes/total:cpu-seconds", ValueKind.FLOAT64, true);
        // Go's metrics gort cannot measure keep their name and read as BAD, never as a made-up 0.
        assertKind("/gc/heap/objects:objects", ValueKind.BAD, false);
        assertEquals(ValueKind.BAD, read("/gc/heap/objects:objects").kind());
    }

    private static void assertKind(String name, ValueKind kind, boolean cumulative) {
        Description d = Metrics.all().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(kind, d.kind(), name);
        assertEquals(cumulative, d.cumulative(), name);
        assertEquals(kind, read(name).kind(), name);
    }

    private static Value read(String name) {
        Sample s = new Sample(name);
        Metrics.read(s);
        return s.value();
    }

    @Test
    void unknownNamesReadAsBadAndWrongAccessorsPanicWithGosText() {
        Value v = read("/no/such:metric");
        assertEquals(ValueKind.BAD, v.kind());
        Panic p = assertThrows(Panic.class, v::uint64);
        assertEquals("called Uint64 on non-uint64 metric value", p.value());
        Value g = read("/sched/goroutines:goroutines");
        assertEquals("called Float64 on non-float64 metric value", assertThrows(Panic.class, g::float64).value());
        assertEquals("called Float64Histogram on non-Float64Histogram metric value",
                assertThrows(Panic.class, g::float64Histogram).value());
    }

    @Test
    void goroutinesTracksTenThousandParkedGoroutines() {
        long base = read("/sched/goroutines:goroutines").uint64();
        Chan<Integer> gate = new Chan<>();
        WaitGroup exited = new WaitGroup();
        exited.add(10_000);
        for (int i = 0; i < 10_000; i++) {
            Go.go(() -> {
                try {
                    gate.recv();
                } finally {
                    exited.done();
                }
            });
        }
        Goroutines.awaitTrue(() -> read("/sched/goroutines:goroutines").uint64() >= base + 10_000,
                "/sched/goroutines:goroutines counts 10,000 parked goroutines");
        assertEquals(GoRuntime.numGoroutine(), read("/sched/goroutines:goroutines").uint64());
        gate.close();
        exited.await();
        Goroutines.awaitTrue(() -> read("/sched/goroutines:goroutines").uint64() <= base,
                "/sched/goroutines:goroutines falls back once they exit");
    }

    @Test
    void schedulingLatencyHistogramMovesUnderLoad() throws Exception {
        Sample s = new Sample("/sched/latencies:seconds");
        Metrics.read(s);
        long before = sum(s.value().float64Histogram().counts());
        Float64Histogram h = s.value().float64Histogram();
        // Load: 64 goroutines passing a token around a ring, 200 laps; every hand-off readies one.
        int n = 64;
        List<Chan<Integer>> ring = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) ring.add(new Chan<>());
        WaitGroup done = new WaitGroup();
        done.add(n);
        for (int i = 0; i < n; i++) {
            Chan<Integer> in = ring.get(i), out = ring.get((i + 1) % n);
            int me = i;
            Go.go(() -> {
                for (int lap = 0; lap < 200; lap++) {
                    if (me == 0) out.send(lap);
                    int v = in.recv();
                    if (me != 0) out.send(v);
                }
                done.done();
            });
        }
        done.await();
        Metrics.read(s);
        assertSame(h, s.value().float64Histogram(), "a reused sample keeps its histogram");
        long after = sum(h.counts());
        // 64 × 200 hand-offs, one in eight timed: about 1,600 samples.
        assertTrue(after - before >= 500, "samples added under load: " + (after - before));
        double[] b = h.buckets();
        assertEquals(h.counts().length + 1, b.length);
        assertEquals(Double.POSITIVE_INFINITY, b[b.length - 1]);
        for (int i = 1; i < b.length; i++) assertTrue(b[i] > b[i - 1], "buckets ascend at " + i);
    }

    private static long sum(long[] counts) {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    @Test
    void mutexWaitTimeGrowsWhileGoroutinesBlockOnAMutex() throws Exception {
        double before = read("/sync/mutex/wait/total:seconds").float64();
        Mutex mu = new Mutex();
        mu.lock();
        WaitGroup done = new WaitGroup();
        done.add(4);
        for (int i = 0; i < 4; i++) {
            Go.go(() -> {
                mu.lock();
                mu.unlock();
                done.done();
            });
        }
        Goroutines.awaitTrue(() -> GoRuntime.numGoroutine() >= 4, "waiters started");
        Thread.sleep(50); // the waiters block on the locked mutex for at least this long
        mu.unlock();
        done.await();
        double after = read("/sync/mutex/wait/total:seconds").float64();
        assertTrue(after - before >= 0.04, "mutex wait grew by " + (after - before) + " s");
    }

    @Test
    void gcMetricsFollowTheCollector() {
        long forced = read("/gc/cycles/forced:gc-cycles").uint64();
        GoRuntime.gc();
        assertTrue(read("/gc/cycles/forced:gc-cycles").uint64() >= forced + 1);
        long total = read("/gc/cycles/total:gc-cycles").uint64();
        assertEquals(total, read("/gc/cycles/automatic:gc-cycles").uint64() + read("/gc/cycles/forced:gc-cycles").uint64());
        assertTrue(sum(read("/gc/pauses:seconds").float64Histogram().counts()) >= 1, "a pause recorded");
        assertEquals(100, read("/gc/gogc:percent").uint64());
        assertEquals(Long.MAX_VALUE, read("/gc/gomemlimit:bytes").uint64());
        long objects = read("/memory/classes/heap/objects:bytes").uint64();
        long free = read("/memory/classes/heap/free:bytes").uint64();
        long meta = read("/memory/classes/metadata/other:bytes").uint64();
        long other = read("/memory/classes/other:bytes").uint64();
        assertTrue(meta > 0 && other > 0, "metaspace and code cache");
        long total1 = read("/memory/classes/total:bytes").uint64();
        // total is the sum of the measured classes (the heap figures move between reads: allow slack).
        assertTrue(Math.abs(total1 - (objects + free + meta + other)) < 64 << 20, "total ~ sum of classes");
        assertTrue(read("/gc/heap/allocs:bytes").uint64() > 0);
    }

    @Test
    void cpuClassesAreConsistent() {
        double total = read("/cpu/classes/total:cpu-seconds").float64();
        assertTrue(total > 0);
        if (read("/cpu/classes/user:cpu-seconds").kind() == ValueKind.FLOAT64) {
            double user = read("/cpu/classes/user:cpu-seconds").float64();
            double gc = read("/cpu/classes/gc/total:cpu-seconds").float64();
            double idle = read("/cpu/classes/idle:cpu-seconds").float64();
            assertTrue(user > 0 && gc >= 0 && idle >= 0);
        }
    }

    @Test
    void cgoCallsAreCountedThroughTheFfmHelper() throws Throwable {
        MethodHandle getpid = Cgo.downcall("getpid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        long calls = GoRuntime.numCgoCall();
        long metric = read("/cgo/go-to-c-calls:calls").uint64();
        int pid = (int) getpid.invokeExact();
        assertEquals(ProcessHandle.current().pid(), pid);
        assertEquals(calls + 1, GoRuntime.numCgoCall());
        assertEquals(metric + 1, read("/cgo/go-to-c-calls:calls").uint64());
    }

    @Test
    void readOfEverySampleAllocatesNothingOnReuse() {
        Sample[] all = Metrics.all().stream().map(d -> new Sample(d.name())).toArray(Sample[]::new);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long delta = -1;
        for (int attempt = 0; attempt < 5 && delta != 0; attempt++) {
            for (int i = 0; i < 20_000; i++) Metrics.read(all); // warm up: histograms made, code compiled
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) Metrics.read(all);
            delta = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, delta, "bytes allocated by 10,000 reads of every metric");
        assertNotEquals(ValueKind.BAD, all[GO121.indexOf("/sched/latencies:seconds")].value().kind());
    }
}
