package dev.gort.time;

import dev.gort.RecvChan;
import dev.gort.internal.timer.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer}: a single event, either a call of a function in its own goroutine
 * ({@link Time#afterFunc}) or a value sent on a channel ({@link Time#newTimer}).
 */
public final class Timer {
    private final RuntimeTimer rt;
    private final RecvChan<Instant> c;

    Timer(RuntimeTimer rt, RecvChan<Instant> c) {
        this.rt = rt;
        this.c = c;
    }

    /**
     * Go's {@code t.C}: the channel on which the time is delivered when the timer fires; the nil
     * channel for an {@link Time#afterFunc} timer (as Go's). Go 1.23: it reports len and cap 0.
     *
     * @return the timer's channel
     */
    public RecvChan<Instant> c() {
        return c;
    }

    /**
     * Go's {@code (*Timer).Stop}: prevents the timer from firing. Returns true if the call stopped
     * it, false if it had already expired or been stopped. For an {@link Time#afterFunc} timer,
     * false means f has been (or is being) started in its own goroutine; Stop does not wait for it.
     *
     * @return whether this call stopped the timer
     */
    public boolean stop() {
        return rt.stop();
    }

    /**
     * Go's {@code (*Timer).Reset(d)}: makes the timer expire after d (at once if d is not
     * positive). Returns true if the timer had been active, false if it had expired or been
     * stopped. An {@link Time#afterFunc} timer that has fired runs f again after d.
     *
     * @param d the new duration
     * @return whether the timer had been active
     */
    public boolean reset(Duration d) {
        return rt.reset(Time.nanos(d), 0);
    }
}
