package dev.gort.context;

import dev.gort.time.Time;
import dev.gort.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's timerCtx: a {@link CancelCtx} that also cancels itself with
 * {@link Context#DEADLINE_EXCEEDED} at its deadline, through one of gort's runtime timers
 * ({@link Time#afterFunc}). The timer is stopped when the context is canceled first, so a
 * canceled context holds no timer (and no longer keeps the deadlock detector waiting).
 */
final class TimerCtx extends CancelCtx {
    private final Instant deadline;
    /** The pending deadline; null before it is armed and after cancel. Guarded by this. */
    private Timer timer;

    private TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = deadline;
    }

    /** Go's {@code WithDeadlineCause}. */
    static CancelCtx create(Context parent, Instant deadline, Exception cause) {
        if (parent != null) {
            Optional<Instant> current = parent.deadline();
            if (current.isPresent() && current.get().isBefore(deadline)) {
                return CancelCtx.create(parent); // the parent's deadline comes first (Go's rule)
            }
        }
        TimerCtx c = new TimerCtx(parent, deadline);
        c.propagateCancel();
        Duration dur = Duration.between(Instant.now(), deadline);
        if (dur.isNegative() || dur.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // the deadline has passed already
            return c;
        }
        synchronized (c) {
            if (c.err() == null) c.timer = Time.afterFunc(dur, () -> c.cancel(true, Context.DEADLINE_EXCEEDED, cause));
        }
        return c;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    @Override
    void cancel(boolean removeFromParent, ContextError err, Exception cause) {
        super.cancel(removeFromParent, err, cause);
        Timer t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) t.stop();
    }

    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline + " [" + Duration.between(Instant.now(), deadline) + "])";
    }
}
