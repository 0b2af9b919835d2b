package dev.gort;

import dev.gort.internal.sched.G;
import java.time.Duration;

/**
 * A handle on a goroutine started by {@link Go#go}. Go has no such handle (goroutines are not
 * joined; use a channel or a WaitGroup); gort gives one for tests and for Java callers.
 */
public final class Goroutine {
    private final G g;

    Goroutine(G g) {
        this.g = g;
    }

    /** {@return The goroutine id, as printed in tracebacks ({@code goroutine 7 [...]})} */
    public long id() {
        return g.goid;
    }

    /**
     * Waits until the goroutine has ended.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        g.thread.join();
    }

    /**
     * Waits at most {@code timeout}; true if the goroutine has ended.
     *
     * @param timeout the longest wait
     * @return true if the goroutine has ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return g.thread.join(timeout);
    }

    /** {@return Whether the goroutine is still running, runnable or blocked} */
    public boolean isAlive() {
        return g.thread.isAlive();
    }

    @Override
    public String toString() {
        return "goroutine " + g.goid;
    }
}
