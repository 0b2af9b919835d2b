package dev.gort.bench.memory;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.runtime.GoRuntime;
import dev.gort.sync.WaitGroup;
import java.util.Locale;

/**
 * bench/goroutine-memory's gort side: parks N goroutines (default 1,000,000) in {@code <-ch} and
 * prints the heap they hold, per goroutine. A parked virtual thread keeps its frames in a heap
 * stack chunk, so the live heap after a full collection, minus the live heap before, is everything
 * a parked goroutine costs: its G, virtual thread, continuation, stack chunk, SudoG and table
 * entries (bench/go/parked measures Go's side the same way, in stack and heap in use).
 */
public final class ParkedGoroutines {
    private ParkedGoroutines() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Go.main(args, () -> {
            Chan<Integer> ch = new Chan<>();
            WaitGroup started = new WaitGroup();
            started.add(n);
            long before = liveHeap();
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.done();
                    ch.recv();
                });
            }
            started.await();
            while (parked() < n) Thread.sleep(50); // every one parked in <-ch
            long after = liveHeap();
            System.out.printf(Locale.ROOT, "gort: %,d goroutines parked in <-ch: %,d bytes each (live heap %,d MiB; NumGoroutine %,d)%n",
                    n, (after - before) / n, (after - before) >> 20, GoRuntime.numGoroutine());
            ch.close();
        });
    }

    /** Goroutines parked now (the main goroutine is not, while it counts). */
    private static long parked() {
        return Sched.allGoroutines().stream().filter(G::isParked).count();
    }

    /** Heap in use after full collections (repeated until it stops shrinking). */
    private static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = rt.totalMemory() - rt.freeMemory();
            if (now >= used) break;
            used = now;
        }
        return used;
    }
}
