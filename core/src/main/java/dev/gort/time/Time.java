package dev.gort.time;

import dev.gort.Go;
import dev.gort.internal.timer.RuntimeTimer;
import dev.gort.internal.timer.Timers;
import java.time.Duration;
import java.util.Objects;

/**
 * Go's package {@code time}, the part the runtime implements: sleeping, timers and tickers.
 * Durations are {@link Duration}s (Go's {@code time.Duration} is int64 nanoseconds: longer ones
 * saturate, as Go's arithmetic would overflow); time values are {@link java.time.Instant}s.
 *
 * <p>Timers follow Go 1.23's rules (docs/mapping.md, "time"): after {@link Timer#stop} or
 * {@link Timer#reset} returns, no value prepared before the call is received from the timer's
 * channel, and a Timer or Ticker the program no longer references can be garbage collected
 * even if it was never stopped. All pending timers share one heap serviced by one runtime
 * thread, so they cost no thread each.
 */
public final class Time {
    private Time() {}

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);
    private static final Duration MIN_NANOS = Duration.ofNanos(Long.MIN_VALUE);

    /**
     * Go's {@code time.Sleep(d)}: pauses the current goroutine for at least d; a zero or negative
     * d returns at once. The goroutine is parked with wait reason {@code sleep}, freeing its P.
     * A plain Java thread (not a goroutine) blocks; interrupting it does not end the sleep (Go has
     * no interrupts), but its interrupt status is kept.
     */
    public static void sleep(Duration d) {
        Timers.sleep(nanos(d));
    }

    /**
     * Go's {@code time.AfterFunc(d, f)}: after d, runs f in its own goroutine. The returned
     * Timer's {@link Timer#stop} cancels the call if it has not started; its channel is nil.
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(f, "f");
        RuntimeTimer rt = new RuntimeTimer(Time::goFunc, f);
        rt.reset(nanos(d), 0);
        return new Timer(rt);
    }

    /** Go's goFunc: the AfterFunc timer's f, run on the timer thread. */
    private static void goFunc(Object f, long delay) {
        Go.go(((Runnable) f)::run);
    }

    /** d in Go's int64 nanoseconds, saturated at the ends of the range. */
    static long nanos(Duration d) {
        if (d.compareTo(MAX_NANOS) >= 0) return Long.MAX_VALUE;
        if (d.compareTo(MIN_NANOS) <= 0) return Long.MIN_VALUE;
        return d.toNanos();
    }
}
