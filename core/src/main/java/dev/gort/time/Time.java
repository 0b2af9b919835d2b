package dev.gort.time;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.RecvChan;
import dev.gort.internal.chan.Channels;
import dev.gort.internal.chan.HChan;
import dev.gort.internal.timer.RuntimeTimer;
import dev.gort.internal.timer.Timers;
import java.time.Duration;
import java.time.Instant;
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
     *
     * @param d how long to sleep
     */
    public static void sleep(Duration d) {
        Timers.sleep(nanos(d));
    }

    /**
     * Go's {@code time.AfterFunc(d, f)}: after d, runs f in its own goroutine. The returned
     * Timer's {@link Timer#stop} cancels the call if it has not started; its channel is nil.
     *
     * @param d the delay
     * @param f the function, run in a new goroutine
     * @return a Timer that can cancel the call
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(f, "f");
        RuntimeTimer rt = new RuntimeTimer(Time::goFunc, f);
        rt.reset(nanos(d), 0);
        return new Timer(rt, Chan.nil());
    }

    /**
     * Go's {@code time.NewTimer(d)}: a Timer that sends the current time on its channel
     * {@link Timer#c()} after at least d.
     *
     * @param d the delay
     * @return the timer
     */
    public static Timer newTimer(Duration d) {
        HChan core = new HChan(1, true);
        RuntimeTimer rt = channelTimer(core);
        rt.reset(nanos(d), 0);
        return new Timer(rt, Channels.wrap(core));
    }

    /**
     * Go's {@code time.After(d)}: {@code newTimer(d).c()}. Since Go 1.23 (and in gort) an
     * unreferenced timer is collected even if it has not fired, so this does not leak.
     *
     * @param d the delay
     * @return the channel that receives the time after d
     */
    public static RecvChan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /**
     * Go's {@code time.NewTicker(d)}: a Ticker that sends the time on its channel every d,
     * dropping ticks a slow receiver misses. Panics with {@code non-positive interval for
     * NewTicker} when d is not positive.
     *
     * @param d the period
     * @return the ticker
     */
    public static Ticker newTicker(Duration d) {
        long period = nanos(d);
        if (period <= 0) throw Go.panic("non-positive interval for NewTicker");
        HChan core = new HChan(1, true);
        RuntimeTimer rt = channelTimer(core);
        rt.reset(period, period);
        return new Ticker(rt, Channels.wrap(core));
    }

    /**
     * Go's {@code time.Tick(d)}: {@code newTicker(d).c()}, or the nil channel when d is not
     * positive. The ticker is collected once its channel is unreferenced (Go 1.23).
     *
     * @param d the period
     * @return the ticker's channel, or the nil channel
     */
    public static RecvChan<Instant> tick(Duration d) {
        return nanos(d) <= 0 ? Chan.nil() : newTicker(d).c();
    }

    /**
     * A runtime timer sending on {@code core}, a timer channel (one buffered value, as Go's, with
     * len and cap reported as 0), which it holds weakly; stop and reset drain it.
     */
    private static RuntimeTimer channelTimer(HChan core) {
        return RuntimeTimer.forChannel(core, Time::sendTime, Time::drain);
    }

    /** Go's sendTime: the time the timer was due, sent without blocking (a full channel drops it). */
    private static void sendTime(Object c, long delay) {
        ((HChan) c).send(Instant.now().minusNanos(delay), false);
    }

    private static boolean drain(Object c) {
        Object v = ((HChan) c).recv(false);
        return v != HChan.WOULD_BLOCK && v != HChan.CLOSED;
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
