package dev.gort.bench;

import dev.gort.Go;
import dev.gort.sync.WaitGroup;
import java.util.function.IntConsumer;

/** What gort's benchmarks share: the JVM options and Go's {@code b.RunParallel}. */
public final class Gort {
    private Gort() {}

    /** JVM options every benchmark fork needs: gort's scheduler builds virtual threads on its own executor. */
    public static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /**
     * Go's {@code b.RunParallel}: runs {@code body.accept(i)} for i in [0, n) in n goroutines and
     * returns when all have ended. The caller (JMH's thread) waits on a WaitGroup, so it parks as a
     * foreign thread and holds no P.
     */
    public static void parallel(int n, IntConsumer body) {
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            Go.go(() -> {
                Go.defer(wg::done);
                body.accept(id);
            });
        }
        wg.await();
    }

    /** Splits {@code total} operations over {@code n} workers: worker i's share (the first ones take the remainder). */
    public static int share(int total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }
}
