package dev.gort.runtime.metrics;

/** Go's {@code metrics.ValueKind}: the type of a metric's value. */
public enum ValueKind {
    /** Go's {@code KindBad}: no value (an unknown name, or a metric gort cannot measure honestly). */
    BAD,
    /** Go's {@code KindUint64}: read with {@link Value#uint64()}. */
    UINT64,
    /** Go's {@code KindFloat64}: read with {@link Value#float64()}. */
    FLOAT64,
    /** Go's {@code KindFloat64Histogram}: read with {@link Value#float64Histogram()}. */
    FLOAT64_HISTOGRAM
}
