package dev.gort.time;

import dev.gort.Go;
import dev.gort.RecvChan;
import dev.gort.internal.timer.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}: delivers the time on {@link #c()} every period; a receiver that falls
 * behind misses ticks (the channel holds one) rather than receiving a backlog.
 */
public final class Ticker {
    private final RuntimeTimer rt;
    private final RecvChan<Instant> c;

    Ticker(RuntimeTimer rt, RecvChan<Instant> c) {
        this.rt = rt;
        this.c = c;
    }

    /** {@return Go's {@code t.C}: the channel of ticks (Go 1.23: len and cap report 0)} */
    public RecvChan<Instant> c() {
        return c;
    }

    /**
     * Go's {@code (*Ticker).Stop}: no more ticks are sent, and (Go 1.23) none sent before the call
     * is received after it. The channel is not closed.
     */
    public void stop() {
        rt.stop();
    }

    /**
     * Go's {@code (*Ticker).Reset(d)}: stops the ticker and restarts it with period d, the next
     * tick d from now. Panics with {@code non-positive interval for Ticker.Reset} when d is not
     * positive.
     *
     * @param d the new period
     */
    public void reset(Duration d) {
        long period = Time.nanos(d);
        if (period <= 0) throw Go.panic("non-positive interval for Ticker.Reset");
        rt.reset(period, period);
    }
}
