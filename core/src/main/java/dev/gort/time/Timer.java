package dev.gort.time;

import dev.gort.internal.timer.RuntimeTimer;
import java.time.Duration;

/**
 * Go's {@code time.Timer}: a single event, either a call of a function in its own goroutine
 * ({@link Time#afterFunc}) or a value sent on a channel ({@link Time#newTimer}).
 */
public final class Timer {
    private final RuntimeTimer rt;

    Timer(RuntimeTimer rt) {
        this.rt = rt;
    }

    /**
     * Go's {@code (*Timer).Stop}: prevents the timer from firing. Returns true if the call stopped
     * it, false if it had already expired or been stopped. For an {@link Time#afterFunc} timer,
     * false means f has been (or is being) started in its own goroutine; Stop does not wait for it.
     */
    public boolean stop() {
        return rt.stop();
    }

    /**
     * Go's {@code (*Timer).Reset(d)}: makes the timer expire after d (at once if d is not
     * positive). Returns true if the timer had been active, false if it had expired or been
     * stopped. An {@link Time#afterFunc} timer that has fired runs f again after d.
     */
    public boolean reset(Duration d) {
        return rt.reset(Time.nanos(d), 0);
    }
}
