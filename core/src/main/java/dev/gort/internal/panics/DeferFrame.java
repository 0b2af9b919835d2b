package dev.gort.internal.panics;

import dev.gort.ThrowingRunnable;
import java.util.Arrays;

/**
 * One {@code Go.func} frame: the deferred calls of one Go function, run last-in first-out when
 * the frame ends (Go's {@code _defer} records of one function, grouped). Owned by its goroutine.
 */
public final class DeferFrame {
    final DeferFrame parent;
    /**
     * Set when the frame's body has ended and its deferred calls run: recover tells a call the
     * deferred function makes from one the function's own frame runs at its end (Go's
     * {@code defer recover()} inside a deferred function).
     */
    boolean exiting;
    /** The first deferred call (most frames defer one, so most need no array). */
    private ThrowingRunnable first;
    /** The second and later calls, in order; null until a second is deferred. */
    private ThrowingRunnable[] more;
    private int count;

    DeferFrame(DeferFrame parent) {
        this.parent = parent;
    }

    void push(ThrowingRunnable fn) {
        if (count == 0) {
            first = fn;
        } else {
            if (more == null) {
                more = new ThrowingRunnable[4];
            } else if (count - 1 == more.length) {
                more = Arrays.copyOf(more, more.length * 2);
            }
            more[count - 1] = fn;
        }
        count++;
    }

    /** The most recently deferred call not yet run, or null. */
    ThrowingRunnable pop() {
        if (count == 0) return null;
        ThrowingRunnable fn;
        if (--count == 0) {
            fn = first;
            first = null;
        } else {
            fn = more[count - 1];
            more[count - 1] = null;
        }
        return fn;
    }

    boolean isEmpty() {
        return count == 0;
    }
}
