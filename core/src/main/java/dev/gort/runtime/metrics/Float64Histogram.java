package dev.gort.runtime.metrics;

/**
 * Go's {@code metrics.Float64Histogram}: {@code counts[i]} samples fell in
 * {@code [buckets[i], buckets[i+1])}; {@code buckets.length == counts.length + 1}, the last
 * boundary may be +Inf. A metric's bucket array is the same object for the life of the process
 * (shared by every histogram of that metric, as Go shares its slice) and must not be modified.
 * {@link Metrics#read} refills the counts of a histogram it finds in a reused {@link Sample}.
 */
public final class Float64Histogram {
    private final long[] counts;
    private final double[] buckets;

    Float64Histogram(long[] counts, double[] buckets) {
        this.counts = counts;
        this.buckets = buckets;
    }

    /** {@return Samples per bucket (Go's {@code uint64}s; never negative in practice)} */
    public long[] counts() {
        return counts;
    }

    /** {@return Bucket boundaries, ascending; shared, do not modify} */
    public double[] buckets() {
        return buckets;
    }
}
