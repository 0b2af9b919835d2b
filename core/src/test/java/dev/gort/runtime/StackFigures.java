package dev.gort.runtime;

import dev.gort.Go;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Measured figures for stacks and symbols (not a test: run by hand, see docs/mapping.md):
 * Caller(1), Callers at depth 32, and runtime.Stack(all) over 100k parked goroutines.
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp core/target/classes:core/target/test-classes dev.gort.runtime.StackFigures
 * </pre>
 * Each figure is the best of five rounds (the machine is shared), after a warm-up round.
 */
public final class StackFigures {
    private StackFigures() {}

    private static long sink;

    public static void main(String[] args) throws Exception {
        int goroutines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.printf("caller(1):          %.0f ns (bare StackWalker skip+findFirst: %.0f ns)%n",
                best(StackFigures::callerRound), best(StackFigures::bareCallerRound));
        System.out.printf("callers depth 32:   %.0f ns (bare walk reading class, method name, bci: %.0f ns)%n",
                best(() -> atDepth(32 - 3, StackFigures::callersRound)), best(() -> atDepth(32 - 3, StackFigures::bareCallersRound)));
        dumpFigure(goroutines);
        if (sink == 42) System.out.println();
    }

    private interface Round {
        double nanosPerOp();
    }

    private static double best(Round r) {
        r.nanosPerOp(); // warm-up
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) best = Math.min(best, r.nanosPerOp());
        return best;
    }

    private static double callerRound() {
        int n = 1_000_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) sink += GoRuntime.caller(1).orElseThrow().pc();
        return (System.nanoTime() - t) / (double) n;
    }

    /** The floor under caller(1): the JDK's walk to one frame, reading what a PC needs. */
    private static double bareCallerRound() {
        int n = 1_000_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += WALKER.walk(s -> s.skip(2).findFirst()).map(f -> f.getDeclaringClass().hashCode() + f.getMethodName().length() + f.getByteCodeIndex()).orElse(0);
        }
        return (System.nanoTime() - t) / (double) n;
    }

    /** The floor under callers: the JDK's walk of every frame, reading what a PC needs. */
    private static double bareCallersRound() {
        int n = 200_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += WALKER.walk(s -> s.limit(64).mapToLong(f -> f.getDeclaringClass().hashCode() + f.getMethodName().length() + f.getByteCodeIndex()).sum());
        }
        return (System.nanoTime() - t) / (double) n;
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static double callersRound() {
        int n = 200_000;
        long[] pcs = new long[64];
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) sink += GoRuntime.callers(0, pcs);
        return (System.nanoTime() - t) / (double) n;
    }

    /** Runs r with {@code depth} more frames on the stack (the test main and its callers make the rest). */
    private static double atDepth(int depth, Round r) {
        return depth <= 0 ? r.nanosPerOp() : atDepth(depth - 1, r);
    }

    private static void dumpFigure(int count) throws Exception {
        ConcurrentLinkedQueue<G> parked = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Go.go(() -> {
                parked.add(Sched.currentG());
                started.countDown();
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            });
        }
        started.await();
        for (G g : parked) while (!g.isParked()) Thread.sleep(1);
        List<Long> millis = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            length = GoRuntime.stack(true).length();
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        System.out.printf("stack(all) of %d goroutines: %s ms (runs), %d chars%n", count, millis, length);
        for (G g : parked) Sched.goready(g);
    }
}
