package dev.gort;

/** A Go function body with no result: a {@link Runnable} that may throw (a Go panic needs no declaration). */
@FunctionalInterface
public interface ThrowingRunnable {
    void run() throws Exception;
}
