package dev.gort.bench;

import dev.gort.runtime.GoRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
     * The floor under {@link #callers32} had it walked with a StackWalker (as it is without
     * {@code --add-opens}): a bare walk over the same 32 frames reading what any PC needs from each
     * (method name and bytecode index), with no symbol table. The JDK expands a frame's method name
     * with a native call per frame, which is most of the cost.
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

    /**
     * The floor under {@link #caller}: capturing the stack as {@code runtime.Caller} does (a
     * {@code Throwable}'s backtrace, see dev.gort.internal.symtab.Backtraces) at the same depth, and
     * reading the backtrace, with no symbol table. The capture records every frame of the stack.
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void captureCaller() {
        Gort.parallel(1, id -> captures());
    }

    /** The floor under {@link #callers32}: the same capture from the same 32 frames deep. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void capture32() {
        Gort.parallel(1, id -> atDepth(DEPTH, CallerBench::captures));
    }

    private static void captures() {
        long chunks = 0;
        for (int k = 0; k < CALLS; k++) chunks += ((Object[]) BACKTRACE.get(new Throwable())).length;
        if (chunks == 0) throw new IllegalStateException("empty backtrace");
    }

    /** Throwable's private backtrace field (the fork opens java.lang). */
    private static final VarHandle BACKTRACE;

    static {
        try {
            BACKTRACE = MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup()).findVarHandle(Throwable.class, "backtrace", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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
