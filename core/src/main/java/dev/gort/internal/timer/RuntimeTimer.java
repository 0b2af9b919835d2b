package dev.gort.internal.timer;

import java.lang.ref.WeakReference;

/**
 * One runtime timer: Go's {@code runtime.timer} (runtime/time.go). It fires at {@link #when},
 * then every {@link #period} nanoseconds if that is positive, each time calling {@code f} on the
 * timer thread ({@link Timers}); f must be quick and must not block.
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li><b>Func timers</b> ({@link #RuntimeTimer(Func, Object)}): sleep's wake-up, AfterFunc. A
 *       timer that has been taken off the heap to fire will run f even if stopped meanwhile: Go's
 *       "if Stop returns false, f has been started".</li>
 *   <li><b>Channel timers</b> ({@link #forChannel}): NewTimer, NewTicker, After, Tick, with Go
 *       1.23's rules. (1) No stale value: after {@link #stop} or {@link #reset} returns, no value
 *       prepared before the call is received: an in-flight send is cancelled and a value already
 *       buffered is drained. (2) Collectable: the timer holds its channel only through a weak
 *       reference ({@link ChanRef}), so a Timer or Ticker the program no longer references is
 *       garbage even if never stopped; once the collector has cleared the reference, the timer
 *       thread takes the entry off the heap (see {@link Timers}).</li>
 * </ul>
 *
 * <h2>Locks and field ownership</h2>
 * Lock order: a channel timer's own monitor, then {@link Timers#LOCK}, then the channel's lock
 * (taken inside f and drain). Func timers never use their monitor.
 * <ul>
 *   <li>{@link #when}, {@link #period}, {@link #index}: guarded by {@link Timers#LOCK}.</li>
 *   <li>{@link #firing}, {@link #delay}: set by the timer thread when it takes the timer off the
 *       heap (under {@code LOCK}), consumed by the same thread when it runs f (under the monitor,
 *       for channel timers); stop and reset hold both locks, so they see and may cancel it.</li>
 * </ul>
 *
 * <h2>Wake sources</h2>
 * Each timer on the heap, and each one-shot timer taken off it whose f has not yet returned,
 * counts once in {@code Sched.pendingWakeSources}: the deadlock detector stays quiet while a timer
 * can still wake someone, and f (goready, a channel send, a new goroutine) has made its effect
 * visible before the count drops.
 */
public final class RuntimeTimer {

    /** What a timer does when it fires: Go's {@code f(arg, seq, delta)}. Runs on the timer thread. */
    @FunctionalInterface
    public interface Func {
        /** @param delayNanos how late the call is: now minus the deadline (never negative) */
        void run(Object arg, long delayNanos);
    }

    /** For channel timers: removes a value buffered in the channel (Go's timerchandrain). */
    @FunctionalInterface
    public interface Drain {
        /** @return whether a value was removed */
        boolean drain(Object chan);
    }

    final Func f;
    /** f's argument; for a channel timer a {@link ChanRef} to the channel. */
    private final Object arg;
    /** Non-null exactly for channel timers. */
    private final Drain drain;

    /** Deadline on the {@link Timers#nanotime} clock. */
    long when;
    /** Nanoseconds between firings; 0 for a one-shot timer. */
    long period;
    /** Slot in the heap, or -1 when not on it. */
    int index = -1;
    /** Taken off the heap to fire; f not yet run. Cleared by stop/reset to cancel a channel send. */
    boolean firing;
    /** How late this firing is (nanoseconds); valid while {@link #firing}. */
    long delay;

    /** A func timer calling {@code f(arg, delay)}. Not started: see {@link #reset}. */
    public RuntimeTimer(Func f, Object arg) {
        this.f = f;
        this.arg = arg;
        this.drain = null;
    }

    private RuntimeTimer(Func f, Drain drain, Object chan) {
        this.f = f;
        this.arg = new ChanRef(chan, this);
        this.drain = drain;
    }

    /** A channel timer's weak hold on its channel; queued on {@link Timers#DEAD} once the channel is garbage. */
    static final class ChanRef extends WeakReference<Object> {
        final RuntimeTimer timer;

        ChanRef(Object chan, RuntimeTimer timer) {
            super(chan, Timers.DEAD);
            this.timer = timer;
        }
    }

    /**
     * A channel timer that calls {@code send(chan, delay)} when it fires (send must not block: a
     * full channel drops the value, Go's sendTime) and {@code drain(chan)} on stop and reset. The
     * timer holds chan weakly (see the class comment). Not started: see {@link #reset}.
     */
    public static RuntimeTimer forChannel(Object chan, Func send, Drain drain) {
        return new RuntimeTimer(send, drain, chan);
    }

    boolean isChan() {
        return drain != null;
    }

    /** f's argument now; null when a channel timer's channel has been collected. */
    Object target() {
        return isChan() ? ((ChanRef) arg).get() : arg;
    }

    /**
     * Go's resettimer/modtimer: (re)arms the timer to fire {@code delayNanos} from now (at once if
     * not positive), then every {@code periodNanos} if positive. Returns whether the timer was
     * pending: on the heap, or (one-shot channel timer) fired with its value not yet received.
     */
    public boolean reset(long delayNanos, long periodNanos) {
        return modify(true, Timers.deadline(delayNanos), periodNanos);
    }

    /**
     * Go's stoptimer: disarms the timer. Returns whether this call stopped it before it fired: it
     * was on the heap, or (one-shot channel timer) it had fired but its value was not yet received,
     * which Go 1.23 counts as not yet fired. A func timer already taken off the heap still runs f.
     */
    public boolean stop() {
        return modify(false, 0, 0);
    }

    /** Stop, then (if {@code rearm}) arm at {@code when}; whether the timer was pending. */
    private boolean modify(boolean rearm, long when, long periodNanos) {
        if (!isChan()) {
            synchronized (Timers.LOCK) {
                boolean pending = Timers.remove(this);
                if (rearm) arm(when, periodNanos);
                return pending;
            }
        }
        synchronized (this) {
            boolean pending;
            boolean oneShot;
            synchronized (Timers.LOCK) {
                oneShot = period == 0;
                pending = cancelLocked(oneShot);
                if (rearm) arm(when, periodNanos);
            }
            return drainStale(oneShot) || pending;
        }
    }

    /** Whether the timer is on the heap (armed and not yet taken off to fire). */
    public boolean isPending() {
        synchronized (Timers.LOCK) {
            return index >= 0;
        }
    }

    /** Channel timer, monitor and LOCK held: off the heap, in-flight send cancelled. */
    private boolean cancelLocked(boolean oneShot) {
        boolean pending = Timers.remove(this);
        if (firing) {
            firing = false;
            if (oneShot) pending = true;
        }
        return pending;
    }

    /** Channel timer, monitor held: drops a value buffered before this call; counts for a one-shot timer. */
    private boolean drainStale(boolean oneShot) {
        Object chan = target();
        return chan != null && drain.drain(chan) && oneShot;
    }

    /** LOCK held, timer off the heap: puts it on with a new deadline. */
    private void arm(long when, long periodNanos) {
        this.when = when;
        this.period = Math.max(0, periodNanos);
        Timers.add(this);
    }

    /**
     * Timer thread: runs f for a firing taken off the heap (no lock held on entry). A channel
     * timer sends only if no stop or reset cancelled the firing meanwhile, and a periodic one whose
     * channel was collected leaves the heap.
     */
    void fire() {
        if (!isChan()) {
            firing = false;
            f.run(arg, delay);
            return;
        }
        synchronized (this) {
            if (!firing) return;
            firing = false;
            Object chan = target();
            if (chan != null) {
                f.run(chan, delay);
                return;
            }
            synchronized (Timers.LOCK) {
                Timers.remove(this);
            }
        }
    }
}
