package dev.gort.sync;

import dev.gort.internal.panics.Crash;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.sema.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex}: a mutual exclusion lock. The zero value (a new Mutex) is unlocked.
 * It is not tied to a goroutine: one goroutine may lock it and another unlock it, as in Go. It is
 * not reentrant. Unlocking an unlocked Mutex is a fatal error
 * ({@code fatal error: sync: unlock of unlocked mutex}), which ends the process and cannot be
 * recovered.
 *
 * <h2>Design (Go's algorithm, sync/mutex.go)</h2>
 * One int, {@link #state}, holds the locked bit, the woken bit (a waiter has been woken or is
 * spinning, so unlock need not wake another), the starving bit, and above them the number of
 * goroutines parked on the semaphore {@link #sema}.
 * <ul>
 * <li><b>Normal mode.</b> Lock takes a free mutex with one CAS. Otherwise it spins a few times
 *     while the holder is likely running ({@link Sched#canSpin}), then parks. Unlock wakes the
 *     first parked waiter, which must compete with goroutines arriving just then; they usually
 *     win (they are running), so a woken waiter that loses queues again at the <em>front</em>.</li>
 * <li><b>Starvation mode.</b> A waiter that has waited more than 1 ms sets the starving bit.
 *     Then Unlock hands the mutex directly to the first waiter, arrivals neither take it nor spin
 *     but queue at the tail. The last waiter, or one that waited less than 1 ms, switches back to
 *     normal mode. Normal mode is faster; starvation mode bounds the tail latency.</li>
 * </ul>
 * Parked waiters show {@code [sync.Mutex.Lock]} in goroutine dumps; a contended Lock feeds the
 * block profile, and an Unlock that wakes a waiter feeds the mutex profile.
 */
public final class Mutex implements Locker {
    static final int LOCKED = 1;
    static final int WOKEN = 1 << 1;
    static final int STARVING = 1 << 2;
    static final int WAITER_SHIFT = 3;
    static final int WAITER = 1 << WAITER_SHIFT;
    /** Go's starvationThresholdNs: a waiter that waited longer makes the mutex starving. */
    static final long STARVATION_THRESHOLD_NS = 1_000_000;
    /** Go's active_spin_cnt: pause instructions per spin. */
    private static final int SPIN_PAUSES = 30;

    /** Locked, woken and starving bits, and the parked-waiter count above them. CAS / atomic add only. */
    private volatile int state;
    /** Where waiters park; Unlock releases one unit to wake one. */
    private final Sema sema = new Sema();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A new, unlocked mutex (Go's zero value). */
    public Mutex() {}

    /** Go's {@code Mutex.Lock}: locks m, blocking until it is available. */
    @Override
    public void lock() {
        if (STATE.compareAndSet(this, 0, LOCKED)) return;
        lockSlow();
    }

    /**
     * Go's {@code Mutex.TryLock}: locks m if it is free and not reserved for a starving waiter,
     * without blocking. Go's documentation applies: correct uses are rare.
     *
     * @return whether the lock was taken
     */
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) != 0) return false;
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        for (;;) {
            // Spin only in normal mode while locked: in starvation mode the mutex goes to a waiter.
            if ((old & (LOCKED | STARVING)) == LOCKED && Sched.canSpin(iter)) {
                // Set the woken bit so Unlock does not wake anyone while we spin.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < SPIN_PAUSES; i++) Thread.onSpinWait();
                iter++;
                old = state;
                continue;
            }
            int next = nextState(old, starving, awoke);
            if (!STATE.compareAndSet(this, old, next)) {
                old = state;
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) return; // took it with the CAS
            boolean lifo = waitStart != 0; // waited before: back to the front of the queue
            if (waitStart == 0) waitStart = System.nanoTime();
            sema.acquire(lifo, Sema.BLOCK_PROFILE | Sema.MUTEX_PROFILE, WaitReason.SYNC_MUTEX_LOCK);
            starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
            old = state;
            if ((old & STARVING) != 0) {
                acquireHandedOff(old, starving);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    /** The state a locker tries to install after seeing {@code old}: lock or count itself a waiter. */
    private static int nextState(int old, boolean starving, boolean awoke) {
        int next = old;
        if ((old & STARVING) == 0) next |= LOCKED; // never take a starving mutex: it is a waiter's
        if ((old & (LOCKED | STARVING)) != 0) next += WAITER;
        // Switch to starvation mode only if still locked: an unlocked starving mutex would stay so.
        if (starving && (old & LOCKED) != 0) next |= STARVING;
        if (awoke) {
            if ((next & WOKEN) == 0) Crash.fatalThrow("sync: inconsistent mutex state");
            next &= ~WOKEN; // we were the woken one
        }
        return next;
    }

    /**
     * Starvation mode: the unlocker handed the mutex to this waiter, leaving the state unlocked
     * with this waiter still counted. Lock it, uncount us, and leave starvation mode if we are
     * the last waiter or did not wait long.
     */
    private void acquireHandedOff(int old, boolean starving) {
        if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
            Crash.fatalThrow("sync: inconsistent mutex state");
        }
        int delta = LOCKED - WAITER;
        if (!starving || (old >>> WAITER_SHIFT) == 1) delta -= STARVING;
        STATE.getAndAdd(this, delta);
    }

    /**
     * Go's {@code Mutex.Unlock}: unlocks m. Unlocking a mutex that is not locked is a fatal error
     * (the process ends with exit status 2).
     */
    @Override
    public void unlock() {
        int next = (int) STATE.getAndAdd(this, -LOCKED) - LOCKED;
        if (next != 0) unlockSlow(next);
    }

    private void unlockSlow(int next) {
        if (((next + LOCKED) & LOCKED) == 0) Crash.fatalThrow("sync: unlock of unlocked mutex");
        if ((next & STARVING) != 0) {
            // Hand the mutex to the first waiter and yield to it; it sets the locked bit itself.
            sema.release(true);
            return;
        }
        int old = next;
        for (;;) {
            // Nobody to wake, or someone already woken/spinning, or the mutex was taken again, or
            // it went starving (then the unlocker of that round hands it over): done.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) return;
            if (STATE.compareAndSet(this, old, (old - WAITER) | WOKEN)) {
                sema.release(false);
                return;
            }
            old = state;
        }
    }

    /** For debugging: locked or not, starving, and how many waiters are parked (a racy snapshot). */
    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked") + ((s & STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }

    /** Is the mutex in starvation mode now? (Observability for tests; racy by nature.) */
    boolean starving() {
        return (state & STARVING) != 0;
    }
}
