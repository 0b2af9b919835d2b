package dev.gort.internal.panics;

import java.util.Arrays;

/**
 * One {@code Go.func} frame: the deferred calls of one Go function, run last-in first-out when
 * the frame ends (Go's {@code _defer} records of one function, grouped). Owned by its goroutine.
 */
public final class DeferFrame {
    final DeferFrame parent;
    private Runnable[] calls;
    private int count;

    DeferFrame(DeferFrame parent) {
        this.parent = parent;
    }

    void push(Runnable fn) {
        if (calls == null) {
            calls = new Runnable[4];
        } else if (count == calls.length) {
            calls = Arrays.copyOf(calls, count * 2);
        }
        calls[count++] = fn;
    }

    /** The most recently deferred call not yet run, or null. */
    Runnable pop() {
        if (count == 0) return null;
        Runnable fn = calls[--count];
        calls[count] = null;
        return fn;
    }

    boolean isEmpty() {
        return count == 0;
    }
}
