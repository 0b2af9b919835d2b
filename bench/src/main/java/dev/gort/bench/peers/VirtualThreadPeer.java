package dev.gort.bench.peers;

import dev.gort.bench.Gort;
import dev.gort.bench.Sizes;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The JDK's floor under goroutine creation: the same chains as SchedBench's CreateGoroutines rows
 * (each thread starts the next and ends), built from plain virtual threads on the JDK's default
 * scheduler with GOMAXPROCS carriers. A goroutine is a virtual thread plus gort's bookkeeping, so
 * gort cannot spawn faster than this.
 */
public class VirtualThreadPeer extends PeerBench {

    /** One virtual thread started and ended. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SPAWNS)
    public void createGoroutines() throws InterruptedException {
        chains(1);
    }

    /** Same, one chain per carrier. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SPAWNS)
    public void createGoroutinesParallel() throws InterruptedException {
        chains(gomaxprocs);
    }

    private static void chains(int n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int len = Gort.share(Sizes.SPAWNS, n, i);
            Thread.ofVirtual().start(() -> chain(len, done));
        }
        done.await();
    }

    private static void chain(int n, CountDownLatch done) {
        if (n == 0) {
            done.countDown();
            return;
        }
        Thread.ofVirtual().start(() -> chain(n - 1, done));
    }
}
