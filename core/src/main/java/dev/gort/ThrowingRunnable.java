package dev.gort;

/** A Go function body with no result: a {@link Runnable} that may throw (a Go panic needs no declaration). */
@FunctionalInterface
public interface ThrowingRunnable {
    /**
     * Runs the body.
     *
     * @throws Exception anything the body throws; gort treats it as a panic
     */
    void run() throws Exception;
}
