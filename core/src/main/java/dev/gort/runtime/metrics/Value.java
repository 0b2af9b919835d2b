package dev.gort.runtime.metrics;

import dev.gort.Go;

/**
 * Go's {@code metrics.Value}: the value a {@link Metrics#read} put in a {@link Sample}. Asking for
 * the wrong kind panics with Go's message, as Go's accessors do.
 */
public final class Value {
    ValueKind kind = ValueKind.BAD;
    /** The uint64 (as Java's unsigned long bits) or the float64's bits. */
    long scalar;
    Float64Histogram histogram;

    Value() {}

    /** {@return Go's {@code Value.Kind}} */
    public ValueKind kind() {
        return kind;
    }

    /**
     * Go's {@code Value.Uint64}: the value as an unsigned 64-bit integer in a {@code long} (use
     * {@link Long#toUnsignedString(long)} or {@link Long#compareUnsigned} above 2<sup>63</sup>-1).
     *
     * @return the value's 64 bits
     */
    public long uint64() {
        if (kind != ValueKind.UINT64) throw Go.panic("called Uint64 on non-uint64 metric value");
        return scalar;
    }

    /** {@return Go's {@code Value.Float64}} */
    public double float64() {
        if (kind != ValueKind.FLOAT64) throw Go.panic("called Float64 on non-float64 metric value");
        return Double.longBitsToDouble(scalar);
    }

    /** {@return Go's {@code Value.Float64Histogram}: the histogram, reused by later reads into the same sample} */
    public Float64Histogram float64Histogram() {
        if (kind != ValueKind.FLOAT64_HISTOGRAM) {
            throw Go.panic("called Float64Histogram on non-Float64Histogram metric value");
        }
        return histogram;
    }

    void setUint64(long v) {
        kind = ValueKind.UINT64;
        scalar = v;
    }

    void setFloat64(double v) {
        kind = ValueKind.FLOAT64;
        scalar = Double.doubleToRawLongBits(v);
    }

    /** Makes this a histogram with {@code buckets}, keeping its counts array when it fits; returns the counts to fill. */
    long[] setHistogram(double[] buckets) {
        kind = ValueKind.FLOAT64_HISTOGRAM;
        Float64Histogram h = histogram;
        if (h == null || h.buckets() != buckets) histogram = h = new Float64Histogram(new long[buckets.length - 1], buckets);
        return h.counts();
    }

    void setBad() {
        kind = ValueKind.BAD;
    }
}
