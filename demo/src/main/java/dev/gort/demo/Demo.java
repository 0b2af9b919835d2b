package dev.gort.demo;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Select;
import dev.gort.context.CancelContext;
import dev.gort.context.Context;
import dev.gort.net.http.pprof.PprofServer;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.MemStats;
import dev.gort.runtime.pprof.Pprof;
import dev.gort.runtime.trace.Trace;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import dev.gort.time.Ticker;
import dev.gort.time.Time;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gort's demo, a Go program written in Java: Go's concurrent prime sieve (a goroutine per prime),
 * then a fan-out/fan-in pipeline counting primes below a bound (channels, a WaitGroup closing the
 * results, a Mutex, a select with a ticker and a context's deadline), then a recovered channel
 * panic. Both stages stop their goroutines through a {@code context}. While it runs it serves Go's
 * /debug/pprof/ endpoints (127.0.0.1:6060, or any free port if that is taken), so
 * {@code go tool pprof} can read it; the pipeline's workers carry pprof labels.
 */
public final class Demo {
    private static final AtomicLong spawned = new AtomicLong();

    public static void main(String[] args) {
        Go.main(args, () -> {
            servePprof();
            // -trace=FILE writes an execution trace of the run (open it with go tool trace FILE)
            String traceFile = Arrays.stream(args).filter(a -> a.startsWith("-trace=")).findFirst().map(a -> a.substring(7)).orElse(null);
            String[] rest = Arrays.stream(args).filter(a -> !a.startsWith("-trace=")).toArray(String[]::new);
            OutputStream trace = traceFile != null ? Files.newOutputStream(Path.of(traceFile)) : null;
            if (trace != null) Trace.start(trace);
            long limit = rest.length > 0 ? Long.parseLong(rest[0]) : 2_000_000;
            sieve(1000);
            pipeline(limit, 8);
            Go.func(() -> {
                Go.defer(() -> System.out.println("recovered: " + Go.recover()));
                Chan<Integer> c = new Chan<>(1);
                c.close();
                c.send(1); // panics: send on closed channel
            });
            MemStats m = GoRuntime.readMemStats();
            System.out.printf("%d goroutines ran; GOMAXPROCS=%d; %d GCs, heap %d KB%n", spawned.get(),
                    GoRuntime.gomaxprocs(0), m.numGC(), m.heapAlloc() / 1024);
            if (trace != null) {
                Trace.stop();
                trace.close();
            }
        });
    }

    /** Serves /debug/pprof/ for as long as the demo runs (unless GORT_PPROF_ADDR already does). */
    private static void servePprof() throws IOException {
        if (System.getenv("GORT_PPROF_ADDR") != null) return;
        PprofServer server;
        try {
            server = PprofServer.start("127.0.0.1:6060");
        } catch (IOException busy) {
            server = PprofServer.start();
        }
        System.out.printf("pprof: serving %s (try: go tool pprof -top %sprofile?seconds=2)%n", server.url(), server.url());
    }

    private static void go(Runnable body) {
        spawned.incrementAndGet();
        Go.go(body::run);
    }

    /**
     * Go's prime sieve: each prime found gets a goroutine filtering its multiples out of the
     * stream. One context stops the whole chain: cancelled when main has its primes, or by its
     * deadline if the chain stalls.
     */
    static void sieve(int n) {
        long t0 = System.nanoTime();
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1));
        Chan<Long> src = new Chan<>();
        Chan<Long> numbers = src;
        go(() -> {
            long[] i = {2};
            Select s = new Select().sendFrom(numbers, () -> i[0], () -> i[0]++).recv(ctx.done(), null);
            while (s.run() == 0) { }
            numbers.close();
        });
        long[] prime = {0};
        for (int k = 0; k < n; k++) {
            new Select()
                    .recv(src, v -> prime[0] = v)
                    .recv(ctx.done(), x -> {
                        throw Go.panic("sieve: " + ctx.err());
                    })
                    .run();
            long p = prime[0];
            Chan<Long> in = src, out = new Chan<>();
            go(() -> {
                long[] v = new long[1];
                Select pass = new Select().sendFrom(out, () -> v[0], null).recv(ctx.done(), null); // built once, re-run
                for (long x : in) {
                    v[0] = x;
                    if (x % p != 0 && pass.run() == 1) break;
                }
                out.close(); // the next filter's range ends
            });
            src = out;
        }
        ctx.cancel();
        System.out.printf("sieve: prime #%d is %d (%d goroutines in a chain, %d ms)%n",
                n, prime[0], n + 1, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Fan-out/fan-in: blocks of numbers go to workers; a WaitGroup closes the results when all are done. */
    static void pipeline(long limit, int workers) {
        long t0 = System.nanoTime();
        int blocks = 1000;
        Chan<long[]> jobs = new Chan<>(16);
        Chan<Long> results = new Chan<>(16);
        go(() -> {
            for (int b = 0; b < blocks; b++) jobs.send(new long[] {limit * b / blocks, limit * (b + 1) / blocks});
            jobs.close();
        });
        WaitGroup wg = new WaitGroup();
        Mutex mu = new Mutex();
        long[] busiest = new long[2]; // {worker, blocks done}, guarded by mu
        for (int w = 0; w < workers; w++) {
            int id = w;
            wg.add(1);
            go(() -> Pprof.doWithLabels(Pprof.labels("stage", "pipeline", "worker", Integer.toString(id)), () -> {
                long done = 0;
                for (long[] job : jobs) {
                    results.send(countPrimes(job[0], job[1]));
                    done++;
                }
                mu.lock();
                if (done > busiest[1]) {
                    busiest[0] = id;
                    busiest[1] = done;
                }
                mu.unlock();
                wg.done();
            }));
        }
        go(() -> {
            wg.await();
            results.close();
        });
        Ticker progress = Time.newTicker(Duration.ofMillis(250));
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1));
        long[] total = {0, 0}; // {primes, blocks}
        boolean[] open = {true};
        Select s = new Select()
                .recvOk(results, (n, ok) -> {
                    if (ok) {
                        total[0] += n;
                        total[1]++;
                    } else {
                        open[0] = false;
                    }
                })
                .recv(progress.c(), t -> System.out.printf("  ... %d of %d blocks%n", total[1], blocks))
                .recv(ctx.done(), x -> {
                    throw Go.panic("pipeline: " + ctx.err());
                });
        while (open[0]) s.run();
        ctx.cancel();
        progress.stop();
        System.out.printf("pipeline: %d primes below %d (%d workers, busiest: worker %d with %d blocks, %d ms)%n",
                total[0], limit, workers, busiest[0], busiest[1], (System.nanoTime() - t0) / 1_000_000);
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
