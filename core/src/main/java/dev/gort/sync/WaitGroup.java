package dev.gort.sync;

import dev.gort.Go;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.sema.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish. The main goroutine
 * calls {@link #add} with the number to wait for, each of them calls {@link #done} when finished,
 * and {@link #await} (Go's {@code Wait}: {@code wait} is {@link Object#wait()} in Java) blocks
 * until all have. Misuse panics with Go's messages: {@code sync: negative WaitGroup counter},
 * {@code sync: WaitGroup misuse: Add called concurrently with Wait},
 * {@code sync: WaitGroup is reused before previous Wait has returned}.
 *
 * <h2>Design (Go's algorithm, sync/waitgroup.go)</h2>
 * One 64-bit {@link #state} holds the counter in its high half and the number of waiters in its
 * low half, so Add can tell, with the same atomic add that changes the counter, whether it
 * brought the counter to zero with waiters present. That Add then resets the state to zero and
 * releases the semaphore once per waiter. A waiter registers with a CAS on the whole state (which
 * fails if the counter changed meanwhile), parks with reason {@code sync.WaitGroup.Wait}, and on
 * wake-up finds the state zero unless someone reused the group too early.
 */
public final class WaitGroup {
    /** Counter (high 32 bits, signed) and waiter count (low 32 bits, unsigned). */
    private volatile long state;
    /** Waiters park here; released once per waiter when the counter reaches zero. */
    private final Sema sema = new Sema();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A new WaitGroup with counter zero (Go's zero value). */
    public WaitGroup() {}

    /**
     * Go's {@code WaitGroup.Add}: adds delta (which may be negative) to the counter; when it
     * becomes zero, every goroutine blocked in {@link #await} is released. A negative counter
     * panics with {@code sync: negative WaitGroup counter}.
     *
     * @param delta the amount to add; may be negative
     */
    public void add(int delta) {
        long s = (long) STATE.getAndAdd(this, (long) delta << 32) + ((long) delta << 32);
        int v = (int) (s >> 32);
        int waiters = (int) s;
        if (v < 0) throw Go.panic("sync: negative WaitGroup counter");
        if (waiters != 0 && delta > 0 && v == delta) {
            throw Go.panic("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || waiters == 0) return;
        // Counter is 0 with waiters: no Add may race us now (it would be misuse), so state is ours.
        if (state != s) throw Go.panic("sync: WaitGroup misuse: Add called concurrently with Wait");
        state = 0;
        for (; waiters != 0; waiters--) sema.release(false);
    }

    /** Go's {@code WaitGroup.Done}: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /** Go's {@code WaitGroup.Wait}: blocks until the counter is zero. */
    public void await() {
        for (;;) {
            long s = state;
            if ((int) (s >> 32) == 0) return;
            if (STATE.compareAndSet(this, s, s + 1)) {
                sema.acquire(false, Sema.BLOCK_PROFILE, WaitReason.SYNC_WAITGROUP_WAIT);
                if (state != 0) throw Go.panic("sync: WaitGroup is reused before previous Wait has returned");
                return;
            }
        }
    }

    /** The counter now (a racy snapshot, for debugging). */
    @Override
    public String toString() {
        return "WaitGroup[counter=" + (int) (state >> 32) + ", waiters=" + (int) state + "]";
    }
}
