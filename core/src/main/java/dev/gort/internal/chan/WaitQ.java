package dev.gort.internal.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's FIFO of blocked senders or receivers: Go's {@code waitq}. Guarded by the channel's
 * lock, except that {@link #isEmpty} may be read without it by the non-blocking fast paths (a
 * racy hint, as Go's {@code atomic.Loadp(&c.sendq.first)}).
 */
final class WaitQ {
    private SudoG first, last;

    private static final VarHandle FIRST;

    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(WaitQ.class, "first", SudoG.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    boolean isEmpty() {
        return FIRST.getAcquire(this) == null;
    }

    void enqueue(SudoG s) {
        s.next = null;
        s.prev = last;
        s.queued = true;
        if (last == null) {
            FIRST.setRelease(this, s);
        } else {
            last.next = s;
        }
        last = s;
    }

    /**
     * Go's dequeue: removes and returns the first waiter that can still be completed. A select's
     * SudoG is returned only if this call wins its select; one whose select another case has won
     * is dropped and the search goes on.
     */
    SudoG dequeue() {
        for (;;) {
            SudoG s = first;
            if (s == null) return null;
            unlink(s);
            if (s.sel == null || s.sel.win()) return s;
        }
    }

    /** Go's dequeueSudoG: takes {@code s} out if it is still queued here. */
    void remove(SudoG s) {
        if (s.queued) unlink(s);
    }

    private void unlink(SudoG s) {
        SudoG p = s.prev, n = s.next;
        if (p == null) {
            FIRST.setRelease(this, n);
        } else {
            p.next = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prev = p;
        }
        s.next = s.prev = null;
        s.queued = false;
    }

    /** Number of waiters (for diagnostics and tests; O(n)). */
    int size() {
        int n = 0;
        for (SudoG s = first; s != null; s = s.next) n++;
        return n;
    }
}
