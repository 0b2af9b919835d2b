package dev.gort.testing;

import dev.gort.ThrowingRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Plain (platform) threads whose failures reach the test. An assertion that fails on a thread of
 * its own ends only that thread: the test would see at best a join that timed out, at worst
 * nothing. {@link #start} records what each body throws; {@link #join} waits for every thread
 * (all within {@link Goroutines#TIMEOUT}), then rethrows the first failure with the others
 * suppressed on it; a thread still running then counts as a failure whose stack is the thread's.
 *
 * <p>Goroutines are not covered here: a failure in one is an unrecovered panic (the library-mode
 * panic handler routes those).
 */
public final class PlainThreads {
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Starts {@code body} on a new platform thread named {@code name}. */
    public Thread start(String name, ThrowingRunnable body) {
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        threads.add(t);
        return t;
    }

    /** Waits for every thread started, then rethrows what they threw (see the class comment). */
    public void join() throws Throwable {
        long deadline = System.nanoTime() + Goroutines.TIMEOUT.toNanos();
        for (Thread t : threads) {
            if (t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) continue;
            AssertionError stuck = new AssertionError(t.getName() + " still running after " + Goroutines.TIMEOUT
                    + " (its stack is this error's)");
            stuck.setStackTrace(t.getStackTrace());
            failures.add(stuck); // after any failure that may have left it stuck
        }
        Throwable first = failures.poll();
        if (first == null) return;
        for (Throwable more; (more = failures.poll()) != null; ) first.addSuppressed(more);
        throw first;
    }
}
