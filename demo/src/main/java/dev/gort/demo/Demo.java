package dev.gort.demo;

import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.runtime.GoRuntime;
import java.util.concurrent.atomic.AtomicLongArray;

/** gort's demo: a Go-style program. Counts primes below a bound, one goroutine per block. */
public final class Demo {
    public static void main(String[] args) {
        Go.main(args, () -> {
            int limit = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
            int blocks = 1000;
            AtomicLongArray counts = new AtomicLongArray(blocks);
            Goroutine[] workers = new Goroutine[blocks];
            long t0 = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                int block = b;
                workers[b] = Go.go(() -> counts.set(block, countPrimes(limit * (long) block / blocks, limit * (long) (block + 1) / blocks)));
            }
            long total = 0;
            for (int b = 0; b < blocks; b++) {
                workers[b].join();
                total += counts.get(b);
            }
            System.out.printf("primes below %d: %d (%d goroutines, GOMAXPROCS=%d, %d ms)%n",
                    limit, total, blocks, GoRuntime.gomaxprocs(0), (System.nanoTime() - t0) / 1_000_000);
        });
    }

    static long countPrimes(long from, long to) {
        long n = 0;
        for (long i = Math.max(2, from); i < to; i++) {
            boolean prime = true;
            for (long d = 2; d * d <= i; d++) {
                if (i % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) n++;
        }
        return n;
    }
}
