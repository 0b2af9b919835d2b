package dev.gort.internal.chan;

import dev.gort.internal.sched.G;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the SudoGs of one blocked select share: Go's {@code g.selectDone} and {@code g.param}.
 * The first counterpart to {@link #win} it completes its case and readies the goroutine; every
 * other counterpart that dequeues one of its SudoGs loses and skips it.
 */
final class SelectWaiter {
    /** The goroutine running the select. */
    G g;
    /** 0 while the select waits, 1 once a counterpart has won it. */
    private volatile int done;
    /** The SudoG whose case fired; written by the winner before goready. */
    SudoG fired;

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(SelectWaiter.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Prepares for one blocking pass; no SudoG of this waiter is on any queue. */
    void reset(G g) {
        this.g = g;
        this.fired = null;
        DONE.setRelease(this, 0);
    }

    /** Claims the select for the caller's case; false if another case already won it. */
    boolean win() {
        return DONE.compareAndSet(this, 0, 1);
    }
}
