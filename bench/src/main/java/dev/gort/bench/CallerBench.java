package dev.gort.bench;

import dev.gort.runtime.GoRuntime;
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

    /** Runs {@code body} with {@code n} more frames on the stack. */
    private static void atDepth(int n, Runnable body) {
        if (n == 0) {
            body.run();
            return;
        }
        atDepth(n - 1, body);
    }
}
