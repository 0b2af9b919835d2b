package dev.gort.sync;

/**
 * Go's {@code sync.Once}: performs exactly one action. {@link #run} is Go's {@code Do}
 * ({@code do} is a Java keyword).
 *
 * <h2>Design (Go's algorithm, sync/once.go)</h2>
 * {@link #done} is set, with release semantics, only after f has returned (or panicked), so a
 * caller that sees it set also sees everything f wrote. Callers that find it unset serialise on
 * {@link #m}; the first runs f, the others wait for it and then return without calling f. The
 * fast path is one volatile read.
 */
public final class Once {
    /** Whether the action has run (Go's {@code done}); written once, under m. */
    private volatile boolean done;
    private final Mutex m = new Mutex();

    /** A new Once whose action has not run (Go's zero value). */
    public Once() {}

    /**
     * Go's {@code Once.Do(f)}: calls f if and only if this is the first call of {@code run} on
     * this Once, even with different f's. No call returns before f has returned. If f panics,
     * {@code run} considers it returned: later calls do not call f, and the panic propagates.
     * If f calls {@code run} on the same Once it deadlocks, as in Go.
     *
     * @param f the function to call once
     */
    public void run(Runnable f) {
        if (!done) runSlow(f);
    }

    private void runSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }
}
