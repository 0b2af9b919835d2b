package dev.gort.bench;

import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * sync.WaitGroup and sync.Mutex in the shapes of Go's sync/waitgroup_test.go and mutex_test.go,
 * each under b.RunParallel (one goroutine per P).
 */
public class SyncBench extends Bench {
    static final int OPS = Sizes.CHEAP;

    /** Add(1), Done(), Wait() on a WaitGroup private to each goroutine. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void waitGroupUncontended() {
        Gort.parallel(gomaxprocs, i -> {
            WaitGroup wg = new WaitGroup();
            for (int k = share(OPS, i); k > 0; k--) {
                wg.add(1);
                wg.done();
                wg.await();
            }
        });
    }

    /** Add(1), Done() on one WaitGroup shared by all goroutines. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void waitGroupAddDone() {
        WaitGroup wg = new WaitGroup();
        Gort.parallel(gomaxprocs, i -> {
            for (int k = share(OPS, i); k > 0; k--) {
                wg.add(1);
                wg.done();
            }
        });
    }

    /** Lock, Unlock of a Mutex private to each goroutine. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void mutexUncontended() {
        Gort.parallel(gomaxprocs, i -> {
            Mutex mu = new Mutex();
            for (int k = share(OPS, i); k > 0; k--) {
                mu.lock();
                mu.unlock();
            }
        });
    }

    /** Lock, Unlock of one Mutex shared by all goroutines (Go's BenchmarkMutex). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public void mutex() {
        Mutex mu = new Mutex();
        Gort.parallel(gomaxprocs, i -> {
            for (int k = share(OPS, i); k > 0; k--) {
                mu.lock();
                mu.unlock();
            }
        });
    }
}
