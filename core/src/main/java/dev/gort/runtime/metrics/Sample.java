package dev.gort.runtime.metrics;

/**
 * Go's {@code metrics.Sample}: a metric's name and, after {@link Metrics#read}, its value. Reuse
 * samples across reads: a reused sample (and its histogram) makes {@code read} allocation-free.
 */
public final class Sample {
    private final String name;
    private final Value value = new Value();

    /**
     * A sample of the metric {@code name} (any string; unknown names read as {@link ValueKind#BAD}).
     *
     * @param name the metric's name, {@code /path:unit}
     */
    public Sample(String name) {
        this.name = name;
    }

    /** {@return Go's {@code Sample.Name}} */
    public String name() {
        return name;
    }

    /** {@return Go's {@code Sample.Value}: filled by the last {@link Metrics#read}} */
    public Value value() {
        return value;
    }
}
