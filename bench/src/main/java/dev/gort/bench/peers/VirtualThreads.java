package dev.gort.bench.peers;

import java.lang.reflect.Field;
import java.util.concurrent.ForkJoinPool;

/**
 * The JDK's own virtual threads, as the peers run them: on the default scheduler with its
 * parallelism set to the benchmark's GOMAXPROCS, so gort and its peers use the same number of
 * carriers.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    /**
     * Sets the default virtual-thread scheduler's parallelism (VirtualThread.DEFAULT_SCHEDULER is a
     * ForkJoinPool). Needs {@code --add-opens java.base/java.lang},
     * which every benchmark fork has.
     */
    public static void parallelism(int n) {
        try {
            Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            ForkJoinPool pool = (ForkJoinPool) f.get(null);
            pool.setParallelism(n);
            if (pool.getParallelism() != n) throw new IllegalStateException("virtual-thread parallelism stays " + pool.getParallelism());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the virtual-thread scheduler's parallelism", e);
        }
    }

    /** A body that may block (the peers' blocking calls throw InterruptedException). */
    @FunctionalInterface
    public interface Body {
        void run(int i) throws InterruptedException;
    }

    /** Runs {@code body.run(i)} for i in [0, n) on n virtual threads and waits for all (b.RunParallel). */
    public static void parallel(int n, Body body) {
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            ts[i] = Thread.ofVirtual().start(() -> {
                try {
                    body.run(id);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : ts) {
            boolean done = false;
            while (!done) {
                try {
                    t.join();
                    done = true;
                } catch (InterruptedException ignored) {
                    // JMH interrupts only on timeout; finish the batch first
                }
            }
        }
    }
}
