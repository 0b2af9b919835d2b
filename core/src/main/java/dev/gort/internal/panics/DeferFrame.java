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
    private ThrowingRunnable[] calls;
    private int count;

    DeferFrame(DeferFrame parent) {
        this.parent = parent;
    }

    void push(ThrowingRunnable fn) {
        if (calls == null) {
            calls = new ThrowingRunnable[2];
        } else if (count == calls.length) {
            calls = Arrays.copyOf(calls, count * 2);
        }
        calls[count++] = fn;
    }

    /** The most recently deferred call not yet run, or null. */
    ThrowingRunnable pop() {
        if (count == 0) return null;
        ThrowingRunnable fn = calls[--count];
        calls[count] = null;
        return fn;
    }

    boolean isEmpty() {
        return count == 0;
    }
}
