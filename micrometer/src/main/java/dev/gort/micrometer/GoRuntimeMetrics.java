package dev.gort.micrometer;

import dev.gort.runtime.metrics.Description;
import dev.gort.runtime.metrics.Float64Histogram;
import dev.gort.runtime.metrics.Metrics;
import dev.gort.runtime.metrics.Sample;
import dev.gort.runtime.metrics.Value;
import dev.gort.runtime.metrics.ValueKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes gort's {@code runtime/metrics} ({@link Metrics}) to a Micrometer registry, each metric
 * under its Go name ({@code /sched/goroutines:goroutines}), so goroutines, scheduling latency and
 * GC appear beside the JVM's own meters (Spring Boot, Prometheus, …).
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>A cumulative number becomes a {@link FunctionCounter}, any other number a {@link Gauge};
 *       the base unit is the name's unit ({@code bytes}, {@code seconds}, …).</li>
 *   <li>A histogram becomes gauges of its name tagged {@code quantile} = 0.5, 0.9, 0.99 and 1
 *       (the upper bound of the bucket holding that quantile: an upper estimate at the bucket's
 *       resolution; NaN while empty), plus a counter of its samples named {@code <path>:samples}
 *       (Go's convention: a histogram's counts are in samples).</li>
 *   <li>Metrics gort does not measure ({@link ValueKind#BAD}) are not published.</li>
 * </ul>
 * Each meter reads its own reused {@link Sample} under that sample's monitor (a registry may poll
 * from several threads), so polling allocates nothing.
 */
public final class GoRuntimeMetrics implements MeterBinder {
    /** The quantiles published for each histogram. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 1};

    /**
     * The object every meter is registered on. Micrometer holds a function meter's object weakly,
     * so a {@link Reading} given there would be collected with its meter still registered; the
     * meters' functions capture their readings instead, and this class is never collected.
     */
    private static final Class<?> ANCHOR = GoRuntimeMetrics.class;

    private final Iterable<Tag> tags;

    /** A binder publishing every measured metric without extra tags. */
    public GoRuntimeMetrics() {
        this(Tags.empty());
    }

    /**
     * A binder adding {@code tags} to every meter.
     *
     * @param tags the tags every meter gets
     */
    public GoRuntimeMetrics(Iterable<Tag> tags) {
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Description d : Metrics.all()) {
            String unit = d.name().substring(d.name().indexOf(':') + 1);
            Reading r = new Reading(d.name());
            switch (d.kind()) {
                case BAD -> { } // not measured on the JVM: nothing honest to publish
                case UINT64, FLOAT64 -> {
                    if (d.cumulative()) {
                        FunctionCounter.builder(d.name(), ANCHOR, a -> r.scalar()).description(d.description())
                                .baseUnit(unit).tags(tags).register(registry);
                    } else {
                        Gauge.builder(d.name(), ANCHOR, a -> r.scalar()).description(d.description())
                                .baseUnit(unit).tags(tags).register(registry);
                    }
                }
                case FLOAT64_HISTOGRAM -> {
                    for (double q : QUANTILES) {
                        Gauge.builder(d.name(), ANCHOR, a -> r.quantile(q)).description(d.description())
                                .baseUnit(unit).tags(tags).tag("quantile", Double.toString(q)).register(registry);
                    }
                    String samples = d.name().substring(0, d.name().indexOf(':')) + ":samples";
                    FunctionCounter.builder(samples, ANCHOR, a -> r.samples())
                            .description("Samples in " + d.name() + ".").baseUnit("samples").tags(tags).register(registry);
                }
            }
        }
    }

    /** One metric's reused sample; every read holds its monitor. */
    static final class Reading {
        private final Sample sample;

        Reading(String name) {
            sample = new Sample(name);
        }

        synchronized double scalar() {
            Metrics.read(sample);
            Value v = sample.value();
            return switch (v.kind()) {
                case UINT64 -> unsigned(v.uint64());
                case FLOAT64 -> v.float64();
                default -> Double.NaN;
            };
        }

        synchronized double samples() {
            Metrics.read(sample);
            long n = 0;
            for (long c : sample.value().float64Histogram().counts()) n += c;
            return n;
        }

        /** The upper bound of the bucket holding quantile q (its lower bound for the +Inf bucket); NaN while empty. */
        synchronized double quantile(double q) {
            Metrics.read(sample);
            Float64Histogram h = sample.value().float64Histogram();
            long[] counts = h.counts();
            double[] bounds = h.buckets();
            long total = 0;
            for (long c : counts) total += c;
            if (total == 0) return Double.NaN;
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) return Double.isInfinite(bounds[i + 1]) ? bounds[i] : bounds[i + 1];
            }
            return bounds[counts.length - 1];
        }

        /** An unsigned 64-bit value as a double. */
        static double unsigned(long v) {
            return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
        }
    }
}
