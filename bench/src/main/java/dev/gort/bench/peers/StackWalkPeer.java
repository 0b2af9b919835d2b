package dev.gort.bench.peers;

import java.util.Iterator;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The floor under gort's recover: Go's rule that only a deferred function's direct call of
 * recover stops a panic is checked on the Java stack, one class-only StackWalker walk of a few
 * frames per effective recover. This row is that walk alone, from a virtual thread at the depth of
 * SchedBench.panicRecover's recover call.
 */
public class StackWalkPeer extends PeerBench {
    static final int WALKS = 20_000;
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.DROP_METHOD_INFO));
    private volatile int sink;

    /** One walk of eight frames, each compared by class. */
    @Benchmark
    @OperationsPerInvocation(WALKS)
    public void panicRecover() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            int n = 0;
            for (int i = 0; i < WALKS; i++) n += nested(4);
            sink = n;
        }).join();
    }

    private static int nested(int depth) {
        return depth == 0 ? WALKER.walk(StackWalkPeer::classes) : nested(depth - 1);
    }

    private static int classes(java.util.stream.Stream<StackWalker.StackFrame> frames) {
        int n = 0;
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        for (int i = 0; i < 8 && it.hasNext(); i++) {
            if (it.next().getDeclaringClass() == StackWalkPeer.class) n++;
        }
        return n;
    }
}
