package dev.gort.bench;

import dev.gort.runtime.GoRuntime;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** Stack inspection: runtime.Caller and runtime.Callers (the shapes of bench/go's BenchmarkCaller and BenchmarkCallers32). */
public class CallerBench extends Bench {
    static final int CALLS = 20_000;
    static final int DEPTH = 32;

    /** One runtime.Caller(1): PC, file and line of the caller's caller. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void caller() {
        Gort.parallel(1, id -> {
            for (int k = 0; k < CALLS; k++) {
                if (GoRuntime.caller(1).isEmpty()) throw new IllegalStateException("runtime.Caller(1) failed");
            }
        });
    }

    /** One runtime.Callers into a 32-entry buffer, from 32 frames deep. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void callers32() {
        Gort.parallel(1, id -> atDepth(DEPTH, () -> {
            long[] pcs = new long[DEPTH];
            for (int k = 0; k < CALLS; k++) {
                if (GoRuntime.callers(1, pcs) != DEPTH) throw new IllegalStateException("runtime.Callers: short stack");
            }
        }));
    }

    /**
     * The floor under {@link #callers32}: a bare StackWalker walk over the same 32 frames reading
     * what any PC needs from each (method name and bytecode index), with no symbol table. The JDK
     * expands a frame's method name with a native call per frame, which is most of the cost.
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void stackWalk32() {
        Gort.parallel(1, id -> atDepth(DEPTH, () -> {
            for (int k = 0; k < CALLS; k++) {
                if (WALKER.walk(CallerBench::readFrames) < DEPTH) throw new IllegalStateException("short stack");
            }
        }));
    }

    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), DEPTH + 2);

    /** Reads method name and bci of the first DEPTH + 1 frames; returns how many it read beyond the first. */
    private static int readFrames(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        int n = -1;
        long sink = 0;
        while (n < DEPTH && it.hasNext()) {
            StackWalker.StackFrame f = it.next();
            sink += f.getMethodName().length() + f.getByteCodeIndex() + f.getDeclaringClass().hashCode();
            n++;
        }
        return sink == 0 ? -1 : n;
    }

    /** Runs {@code body} with {@code n} more frames on the stack. */
    private static void atDepth(int n, Runnable body) {
        if (n == 0) {
            body.run();
            return;
        }
        atDepth(n - 1, body);
    }
}
