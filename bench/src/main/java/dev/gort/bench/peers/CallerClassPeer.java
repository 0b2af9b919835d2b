package dev.gort.bench.peers;

import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The cheapest look at the Java stack the JDK offers an application: {@link StackWalker#getCallerClass},
 * one frame's class. Any proof about the frames between a panic site and its {@code Go.func} frame
 * (needed to run deferred calls at the panic site, as Go does, without changing what Java
 * {@code finally} and {@code catch} blocks between them see) costs at least this, which is already
 * most of the stack trace such a path would save (the StackTrace row). From a virtual thread at the
 * depth of SchedBench.panicRecover's panic.
 */
public class CallerClassPeer extends PeerBench {
    static final int CALLS = 20_000;
    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    private volatile int sink;

    /** One getCallerClass call. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void panicRecover() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            int n = 0;
            for (int i = 0; i < CALLS; i++) n += nested(4);
            sink = n;
        }).join();
    }

    private static int nested(int depth) {
        return depth == 0 ? caller() : nested(depth - 1);
    }

    private static int caller() {
        return WALKER.getCallerClass() == CallerClassPeer.class ? 1 : 0;
    }
}
