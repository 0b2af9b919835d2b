package dev.gort.sync;

import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.sema.NotifyList;

/**
 * Go's {@code sync.Cond}: a rendezvous point for goroutines waiting for or announcing an event.
 * Each Cond has a {@link Locker} ({@link #locker()}, Go's field {@code L}), held while changing
 * the condition and while calling {@link #await} (Go's {@code Wait}: {@code wait} is taken in
 * Java). As in Go, a Cond is not tied to the lock's owner, and {@link #signal} and
 * {@link #broadcast} may be called with or without the lock held.
 *
 * <h2>Design (Go's sync/cond.go and the runtime's notifyList)</h2>
 * await takes a ticket while it still holds the lock, unlocks, parks until its ticket is notified
 * (reason {@code sync.Cond.Wait}), and locks again. Tickets mean a signal sent between the unlock
 * and the park is not lost, and that signal wakes the longest-waiting goroutine. Waking does not
 * hand over the lock: await re-acquires it and, as Go's documentation says, the caller must
 * re-check its condition in a loop.
 */
public final class Cond {
    private final Locker l;
    private final NotifyList notify = new NotifyList();

    /**
     * Go's {@code sync.NewCond(l)}.
     *
     * @param l the lock held around {@link #await}
     */
    public Cond(Locker l) {
        if (l == null) throw new NullPointerException("locker");
        this.l = l;
    }

    /** {@return Go's field {@code c.L}: the lock held while observing or changing the condition} */
    public Locker locker() {
        return l;
    }

    /**
     * Go's {@code Cond.Wait}: atomically unlocks {@link #locker()} and suspends the caller until
     * woken by {@link #signal} or {@link #broadcast}, then locks it again before returning.
     */
    public void await() {
        int t = notify.add();
        l.unlock();
        notify.await(t, WaitReason.SYNC_COND_WAIT);
        l.lock();
    }

    /** Go's {@code Cond.Signal}: wakes the goroutine that has waited longest, if any. */
    public void signal() {
        notify.wakeOne();
    }

    /** Go's {@code Cond.Broadcast}: wakes every goroutine waiting now. */
    public void broadcast() {
        notify.wakeAll();
    }
}
