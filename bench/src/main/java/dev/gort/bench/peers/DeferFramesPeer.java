package dev.gort.bench.peers;

import dev.gort.bench.Sizes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The JVM's floor under gort's defer, with gort's API shape and none of its bookkeeping: a frame
 * object pushed on a chain the current thread finds through a {@link ThreadLocal} (as
 * {@code Go.func} finds its goroutine), a capturing lambda stored in it (as {@code Go.defer}
 * does, after finding the thread's chain again), and run when the frame ends. Go's open-coded
 * defer needs none of these steps; the row measures what the Java shape alone costs, beside
 * SchedBench.defer (same loop, same checks, one virtual thread).
 */
public class DeferFramesPeer extends PeerBench {
    /** The innermost frame of one thread. */
    private static final class Chain {
        Frame top;
    }

    /** One function's frame with its one deferred call. */
    private static final class Frame {
        final Frame parent;
        Runnable deferred;

        Frame(Frame parent) {
            this.parent = parent;
        }
    }

    private static final ThreadLocal<Chain> CHAIN = ThreadLocal.withInitial(Chain::new);

    /** One frame with one deferred call that checks its captured arguments. */
    @Benchmark
    @OperationsPerInvocation(Sizes.CHEAP)
    public void defer() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            for (int k = 0; k < Sizes.CHEAP; k++) defer1(1, 2, 3);
        }).join();
    }

    private static void defer1(int x, int y, int z) {
        func(() -> defer(() -> {
            if (x != 1 || y != 2 || z != 3) throw new IllegalStateException("bad arguments");
        }));
    }

    private static void func(Runnable body) {
        Chain c = CHAIN.get();
        Frame f = new Frame(c.top);
        c.top = f;
        try {
            body.run();
        } finally {
            c.top = f.parent;
            if (f.deferred != null) f.deferred.run();
        }
    }

    private static void defer(Runnable fn) {
        CHAIN.get().top.deferred = fn;
    }
}
