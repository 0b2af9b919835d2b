package dev.gort.bench.peers;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The other floor under gort's panic: a panic carries the stack of its panic site (the crash
 * report prints it when nothing recovers), so each Go.panic fills in a Java stack trace. This row
 * is one exception thrown with its stack trace and caught, from a virtual thread at the depth of
 * SchedBench.panicRecover's panic. The trace is filled in (what the panic pays) but never read,
 * as a recovered panic's is not.
 */
public class StackTracePeer extends PeerBench {
    static final int THROWS = 20_000;
    private volatile int sink;

    /** One throw and catch of a RuntimeException with a stack trace. */
    @Benchmark
    @OperationsPerInvocation(THROWS)
    public void panicRecover() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            int n = 0;
            for (int i = 0; i < THROWS; i++) n += nested(4);
            sink = n;
        }).join();
    }

    private static int nested(int depth) {
        if (depth > 0) return nested(depth - 1);
        try {
            throw new IllegalStateException("hi");
        } catch (IllegalStateException e) {
            return e.hashCode() & 1; // not getStackTrace(): a panic never turns its trace into elements unless it crashes
        }
    }
}
