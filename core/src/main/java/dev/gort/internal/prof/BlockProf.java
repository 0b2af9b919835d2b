package dev.gort.internal.prof;

import dev.gort.runtime.BlockProfileRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The block and mutex profiles' recording side: Go's blockevent, mutexevent and saveblockevent
 * (runtime/mprof.go), fed by the runtime semaphores (and any other primitive that blocks).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Cycles are nanoseconds.</b> Go counts blocking time in CPU ticks ({@code cputicks}); the
 *     JVM has no portable tick counter, so gort's "cycles" come from {@link System#nanoTime} and
 *     there are 10<sup>9</sup> of them per second ({@link #CYCLES_PER_SECOND}). The block profile
 *     rate, given in nanoseconds as in Go, therefore needs no conversion.</li>
 * <li><b>Sampling is Go's.</b> Block profile: an event lasting at least {@code rate} cycles is
 *     always recorded; a shorter one with probability cycles/rate, and then it counts
 *     rate/cycles events of rate cycles (Go's bias removal, CL 299991). Mutex profile: one event
 *     in {@code fraction} on average, recorded as it happened (the pprof writer scales by the
 *     fraction, as Go's does).</li>
 * <li><b>Buckets are keyed by stack.</b> A stack is the caller's frames as
 *     {@link StackTraceElement}s, innermost first, runtime-internal ({@code dev.gort.internal})
 *     frames at the top dropped, at most {@value #MAX_STACK} (Go's maxStack). The table only grows,
 *     as Go's buckets do.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * Rates are volatile and read once per event. The bucket tables are concurrent maps; a bucket's
 * two counters change together under the bucket's monitor (Go's profBlockLock), so a reader
 * never sees a count without its cycles. No other lock is taken while a bucket is held.
 */
public final class BlockProf {
    private BlockProf() {}

    /** Go's tickspersecond() for gort's nanosecond "cycles". */
    public static final long CYCLES_PER_SECOND = 1_000_000_000L;
    /** Go's maxStack: deepest stack recorded. */
    static final int MAX_STACK = 32;

    /** Block profile rate in cycles (ns); 0: off. Go's blockprofilerate. */
    private static volatile long blockRate;
    /** Mutex profile fraction; 0: off. Go's mutexprofilerate. */
    private static volatile int mutexFraction;

    private static final Map<Stack, Bucket> BLOCK = new ConcurrentHashMap<>();
    private static final Map<Stack, Bucket> MUTEX = new ConcurrentHashMap<>();

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** A stack as a map key: equal when every frame is. */
    private record Stack(StackTraceElement[] frames) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stack s && Arrays.equals(frames, s.frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames);
        }
    }

    /** Go's blockRecord: events (fractional after bias removal) and their total cycles. Guarded by itself. */
    private static final class Bucket {
        double count;
        long cycles;
    }

    // ---------------------------------------------------------------- rates

    /**
     * Go's SetBlockProfileRate: on average one blocking event per {@code rate} nanoseconds spent
     * blocked is sampled; 1 records every event, 0 or less turns the profile off.
     */
    public static void setBlockProfileRate(int rate) {
        blockRate = Math.max(rate, 0);
    }

    /** The block profile rate in cycles; 0 when off. */
    public static long blockProfileRate() {
        return blockRate;
    }

    /**
     * Go's SetMutexProfileFraction: on average 1/rate contention events are recorded; 0 turns the
     * profile off; a negative rate only reads the setting. Returns the previous setting.
     */
    public static int setMutexProfileFraction(int rate) {
        int old = mutexFraction;
        if (rate >= 0) mutexFraction = rate;
        return old;
    }

    /** The mutex profile fraction; 0 when off. */
    public static int mutexProfileFraction() {
        return mutexFraction;
    }

    /** Go's cputicks: the clock the profiles' cycles are read from. */
    public static long cputicks() {
        return System.nanoTime();
    }

    // ---------------------------------------------------------------- events

    /** Go's blockevent: the caller was blocked for {@code cycles}; sample and record it with the caller's stack. */
    public static void blockEvent(long cycles) {
        if (cycles <= 0) cycles = 1;
        long rate = blockRate;
        if (rate <= 0 || (rate > cycles && ThreadLocalRandom.current().nextLong(rate) > cycles)) return;
        Bucket b = BLOCK.computeIfAbsent(callerStack(), k -> new Bucket());
        synchronized (b) {
            if (cycles < rate) {
                b.count += (double) rate / cycles;
                b.cycles += rate;
            } else {
                b.count++;
                b.cycles += cycles;
            }
        }
    }

    /**
     * Go's mutexevent: the caller released a contended lock on which a waiter had been waiting
     * {@code cycles}; one in {@link #mutexProfileFraction()} of these is recorded with the
     * releaser's stack.
     */
    public static void mutexEvent(long cycles) {
        if (cycles < 0) cycles = 0;
        int rate = mutexFraction;
        if (rate <= 0 || ThreadLocalRandom.current().nextInt(rate) != 0) return;
        Bucket b = MUTEX.computeIfAbsent(callerStack(), k -> new Bucket());
        synchronized (b) {
            b.count++;
            b.cycles += cycles;
        }
    }

    private static Stack callerStack() {
        return new Stack(WALKER.walk(s -> s
                .dropWhile(f -> f.getClassName().startsWith("dev.gort.internal."))
                .limit(MAX_STACK)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new)));
    }

    // ---------------------------------------------------------------- reading

    /** Go's BlockProfile: one record per stack seen, counts truncated to whole events as Go's are. */
    public static List<BlockProfileRecord> blockProfile() {
        return records(BLOCK);
    }

    /** Go's MutexProfile: one record per releasing stack seen. */
    public static List<BlockProfileRecord> mutexProfile() {
        return records(MUTEX);
    }

    /** The block profile in pprof's shape: contentions/count and delay/nanoseconds per stack (Go does not rescale these). */
    public static ProfileBuilder blockProfileBuilder() {
        return contention(BLOCK, 1);
    }

    /**
     * The mutex profile in pprof's shape; {@code scaled}: multiplied by the sampling fraction, as
     * Go's protobuf writer does (its text writer prints the records as sampled).
     */
    public static ProfileBuilder mutexProfileBuilder(boolean scaled) {
        return contention(MUTEX, scaled ? Math.max(mutexFraction, 1) : 1);
    }

    private static ProfileBuilder contention(Map<Stack, Bucket> table, long scale) {
        ProfileBuilder p = new ProfileBuilder("contentions", "count", 1, "contentions", "count", "delay", "nanoseconds");
        for (BlockProfileRecord r : records(table)) {
            long[] pcs = new long[r.stack().size()];
            for (int i = 0; i < pcs.length; i++) pcs[i] = Stacks.pc(r.stack().get(i));
            p.add(pcs, null, r.count() * scale, r.cycles() * scale);
        }
        return p;
    }

    private static List<BlockProfileRecord> records(Map<Stack, Bucket> table) {
        List<BlockProfileRecord> out = new ArrayList<>(table.size());
        table.forEach((stack, b) -> {
            long count, cycles;
            synchronized (b) {
                count = (long) b.count;
                cycles = b.cycles;
            }
            out.add(new BlockProfileRecord(count, cycles, List.of(stack.frames())));
        });
        return out;
    }
}
