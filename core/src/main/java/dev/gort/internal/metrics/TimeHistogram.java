package dev.gort.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in nanoseconds: the layout of Go's timeHistogram
 * (runtime/histogram.go), which backs {@code /sched/latencies:seconds} and
 * {@code /gc/pauses:seconds}.
 *
 * <h2>Layout</h2>
 * Log-linear: each power of two from 2<sup>{@value #MIN_BITS}</sup> ns up to
 * 2<sup>{@value #MAX_BITS}</sup> ns is split into {@value #SUBS} equal sub-buckets, so a bucket
 * is at most 25% wide relative to its lower bound; below 2<sup>{@value #MIN_BITS}</sup> ns (512 ns)
 * there are {@value #SUBS} linear buckets of 128 ns; from 2<sup>{@value #MAX_BITS}</sup> ns
 * (about 78 hours) one overflow bucket reaches +Inf. Bucket boundaries, in seconds, are fixed for
 * the life of the process ({@link #BOUNDARIES}, shared by every reader as Go shares its slice).
 *
 * <h2>Concurrency</h2>
 * {@link #record} is one atomic add, from any thread, allocation-free; {@link #copyCounts} reads
 * each bucket atomically but not all of them at one instant, as Go's reader does.
 */
public final class TimeHistogram {
    static final int MIN_BITS = 9;
    static final int MAX_BITS = 48;
    static final int SUB_BITS = 2;
    static final int SUBS = 1 << SUB_BITS;
    /** Regular buckets, then the overflow bucket. */
    public static final int BUCKETS = (MAX_BITS - MIN_BITS + 1) * SUBS + 1;
    private static final int OVERFLOW = BUCKETS - 1;

    /** Bucket boundaries in seconds: {@code BUCKETS + 1} of them, the last +Inf. Never modified. */
    public static final double[] BOUNDARIES = boundaries();

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Counts one duration; negative durations (a clock read out of order) count as 0. */
    public void record(long nanos) {
        counts.getAndIncrement(index(Math.max(nanos, 0)));
    }

    /** The bucket of a non-negative duration. */
    static int index(long ns) {
        if (ns < (1L << MIN_BITS)) return (int) (ns >>> (MIN_BITS - SUB_BITS));
        int e = 63 - Long.numberOfLeadingZeros(ns);
        if (e >= MAX_BITS) return OVERFLOW;
        int sub = (int) (ns >>> (e - SUB_BITS)) & (SUBS - 1);
        return (e - MIN_BITS + 1) * SUBS + sub;
    }

    /** Copies the counts into {@code dst} (length {@link #BUCKETS}); allocation-free. */
    public void copyCounts(long[] dst) {
        for (int i = 0; i < BUCKETS; i++) dst[i] = counts.get(i);
    }

    /** Samples recorded so far. */
    public long total() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) n += counts.get(i);
        return n;
    }

    private static double[] boundaries() {
        double[] b = new double[BUCKETS + 1];
        for (int j = 0; j < SUBS; j++) b[j] = (double) ((long) j << (MIN_BITS - SUB_BITS)) / 1e9;
        for (int e = MIN_BITS; e < MAX_BITS; e++) {
            for (int j = 0; j < SUBS; j++) {
                long lower = (1L << e) | ((long) j << (e - SUB_BITS));
                b[(e - MIN_BITS + 1) * SUBS + j] = (double) lower / 1e9;
            }
        }
        b[OVERFLOW] = (double) (1L << MAX_BITS) / 1e9;
        b[BUCKETS] = Double.POSITIVE_INFINITY;
        return b;
    }
}
