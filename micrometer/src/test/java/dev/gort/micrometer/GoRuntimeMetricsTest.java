package dev.gort.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.metrics.Description;
import dev.gort.runtime.metrics.Metrics;
import dev.gort.runtime.metrics.ValueKind;
import dev.gort.sync.WaitGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GoRuntimeMetricsTest {
    @Test
    void everyMeasuredMetricIsPublishedUnderItsGoName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoRuntimeMetrics(Tags.of("app", "test")).bindTo(registry);
        for (Description d : Metrics.all()) {
            boolean published = !registry.find(d.name()).meters().isEmpty();
            assertEquals(d.kind() != ValueKind.BAD, published, d.name());
        }
        assertNull(registry.find("/gc/heap/objects:objects").meter(), "unmeasured metrics are not published");
        Gauge goroutines = registry.get("/sched/goroutines:goroutines").tag("app", "test").gauge();
        assertEquals("goroutines", goroutines.getId().getBaseUnit());
        assertEquals(GoRuntime.gomaxprocs(0), registry.get("/sched/gomaxprocs:threads").gauge().value());
        assertNotNull(registry.get("/gc/cycles/total:gc-cycles").functionCounter());
        assertEquals(Long.MAX_VALUE, registry.get("/gc/gomemlimit:bytes").gauge().value(), 1e6);
    }

    @Test
    void metersReadTheLiveRuntime() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GoRuntimeMetrics().bindTo(registry);
        Gauge goroutines = registry.get("/sched/goroutines:goroutines").gauge();
        double before = goroutines.value();
        Chan<Integer> gate = new Chan<>();
        WaitGroup done = new WaitGroup();
        done.add(100);
        for (int i = 0; i < 100; i++) {
            Go.go(() -> {
                gate.recv();
                done.done();
            });
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (goroutines.value() < before + 100 && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(goroutines.value() >= before + 100, "gauge follows NumGoroutine: " + goroutines.value());
        gate.close();
        done.await();

        FunctionCounter samples = registry.get("/sched/latencies:samples").functionCounter();
        assertTrue(samples.count() > 0, "scheduling latencies sampled: " + samples.count());
        double p50 = registry.get("/sched/latencies:seconds").tag("quantile", "0.5").gauge().value();
        double max = registry.get("/sched/latencies:seconds").tag("quantile", "1.0").gauge().value();
        assertTrue(p50 > 0 && p50 <= max, "p50 " + p50 + " max " + max);

        double forced = registry.get("/gc/cycles/forced:gc-cycles").functionCounter().count();
        GoRuntime.gc();
        assertTrue(registry.get("/gc/cycles/forced:gc-cycles").functionCounter().count() >= forced + 1);
    }

    @Test
    void unsignedValuesBeyondLongRangeStayPositive() {
        assertEquals(18446744073709551615.0, GoRuntimeMetrics.Reading.unsigned(-1L));
        assertEquals(42.0, GoRuntimeMetrics.Reading.unsigned(42L));
    }
}
