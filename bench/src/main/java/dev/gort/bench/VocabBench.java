package dev.gort.bench;

import dev.gort.Chan;
import dev.gort.Select;
import dev.gort.context.CancelContext;
import dev.gort.context.Context;
import dev.gort.sync.Pool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The everyday vocabulary on top of the runtime: a context's done channel in a select, and
 * sync.Pool (Go's BenchmarkPool), each under b.RunParallel (one goroutine per P).
 */
public class VocabBench extends Bench {
    private static final Integer ONE = 1;

    /**
     * A 2-case select per op on a ready private channel and a live context's done channel: the
     * shape of every {@code select { case v := <-work: …; case <-ctx.Done(): … }} loop.
     */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void contextDoneSelect() {
        CancelContext ctx = Context.withCancel(Context.background());
        Gort.parallel(gomaxprocs, id -> {
            Chan<Integer> work = new Chan<>(1);
            Select s = new Select().recv(work, null).recv(ctx.done(), null);
            for (int k = share(Sizes.SELECTS, id); k > 0; k--) {
                work.send(ONE);
                s.run();
            }
        });
        ctx.cancel();
    }

    /** Put then Get on one shared Pool (Go's sync BenchmarkPool). */
    @Benchmark
    @OperationsPerInvocation(Sizes.CHEAP)
    public void poolPutGet() {
        Pool<Integer> p = new Pool<>();
        Gort.parallel(gomaxprocs, id -> {
            for (int k = share(Sizes.CHEAP, id); k > 0; k--) {
                p.put(ONE);
                p.get();
            }
        });
    }
}
