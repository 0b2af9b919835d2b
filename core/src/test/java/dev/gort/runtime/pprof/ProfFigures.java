package dev.gort.runtime.pprof;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.sync.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measured figures for the profilers (not a test: run by hand, see the commands in docs and notes):
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp core/target/classes:core/target/test-classes dev.gort.runtime.pprof.ProfFigures cpu|heap|goroutine [N]
 * </pre>
 * {@code cpu}: a CPU-bound benchmark (GOMAXPROCS goroutines stepping an xorshift generator 50 million times, N times), rounds alternating
 * without and with a 100 Hz CPU profile running (started a second before the round, so JFR's
 * start-up is not counted); median wall time and process CPU time of each. {@code heap}: an
 * allocation-bound benchmark (N × 400,000 small lists, strings and arrays per goroutine), alternating MemProfileRate 0 (no sampling) and the default.
 * {@code goroutine}: time to write the goroutine profile of N (100,000) parked goroutines, best of
 * five, and the longest stall a running goroutine saw meanwhile (it reads the clock in a loop).
 */
public final class ProfFigures {
    private ProfFigures() {}

    static volatile long sink;
    static volatile Object escape;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "cpu";
        // goroutine: parked goroutines (100,000); cpu, heap: repetitions of the work per round (8)
        int n = args.length > 1 ? Integer.parseInt(args[1]) : what.equals("goroutine") ? 100_000 : 8;
        Go.main(new String[0], () -> {
            switch (what) {
                case "cpu" -> cpu(n);
                case "heap" -> heap(n);
                case "goroutine" -> goroutine(n);
                default -> throw new IllegalArgumentException(what);
            }
        });
    }

    private interface Setup {
        void run() throws Exception;
    }

    /** Alternates rounds off / on; prints medians of wall and process CPU time. */
    private static void compare(String name, Runnable work, Setup on, Setup off) throws Exception {
        work.run(); // warm-up
        work.run();
        int rounds = 9;
        long[][] wall = new long[2][rounds], cpu = new long[2][rounds];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int mode = 0; mode < 2; mode++) {
                if (mode == 1) on.run();
                long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                work.run();
                wall[mode][r] = System.nanoTime() - t0;
                cpu[mode][r] = os.getProcessCpuTime() - c0;
                if (mode == 1) off.run();
            }
        }
        double w0 = median(wall[0]), w1 = median(wall[1]), c0 = median(cpu[0]), c1 = median(cpu[1]);
        System.out.printf("%s: wall %.0f ms off, %.0f ms on (%+.1f%%); process CPU %.0f ms off, %.0f ms on (%+.1f%%)%n",
                name, w0 / 1e6, w1 / 1e6, 100 * (w1 - w0) / w0, c0 / 1e6, c1 / 1e6, 100 * (c1 - c0) / c0);
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void cpu(int reps) throws Exception {
        int workers = GoRuntime.gomaxprocs(0);
        Runnable work = () -> {
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < workers; w++) {
                long seed = w + 1;
                wg.add(1);
                Go.go(() -> {
                    for (int r = 0; r < reps; r++) sink += mix(seed + r, 50_000_000L);
                    wg.done();
                });
            }
            wg.await();
        };
        OutputStream discard = OutputStream.nullOutputStream();
        compare("cpu profile 100 Hz", work, () -> {
            Pprof.startCPUProfile(discard);
            Thread.sleep(1000);
        }, Pprof::stopCPUProfile);
    }

    /** CPU-bound work: an xorshift generator stepped {@code n} times. */
    static long mix(long seed, long n) {
        long x = seed | 1;
        for (long i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    private static void heap(int reps) throws Exception {
        int workers = GoRuntime.gomaxprocs(0);
        Runnable work = () -> {
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < workers; w++) {
                wg.add(1);
                Go.go(() -> {
                    long s = 0;
                    Object[] ring = new Object[4096]; // keeps the last allocations live, so they escape
                    escape = ring;
                    for (int i = 0; i < 400_000 * reps; i++) {
                        List<String> l = new ArrayList<>(4);
                        l.add(Integer.toString(i));
                        ring[i & 4095] = l;
                        ring[(i + 2048) & 4095] = new int[i & 63];
                        s += l.getFirst().length();
                    }
                    sink += s;
                    wg.done();
                });
            }
            wg.await();
        };
        GoRuntime.setMemProfileRate(0);
        compare("heap profile at MemProfileRate 512 KiB", work, () -> {
            GoRuntime.setMemProfileRate(512 * 1024);
            Thread.sleep(1000);
        }, () -> GoRuntime.setMemProfileRate(0));
    }

    private static void goroutine(int n) throws Exception {
        Chan<Integer> release = new Chan<>();
        WaitGroup started = new WaitGroup();
        started.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                started.done();
                release.recv();
            });
        }
        started.await();
        Thread.sleep(1000);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong maxGap = new AtomicLong();
        Go.go(() -> {
            long last = System.nanoTime();
            while (!stop.get()) {
                long now = System.nanoTime();
                if (now - last > maxGap.get()) maxGap.set(now - last);
                last = now;
            }
        });
        long best = Long.MAX_VALUE, bytes = 0;
        for (int round = 0; round < 6; round++) {
            Thread.sleep(200);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            maxGap.set(0);
            long t0 = System.nanoTime();
            Pprof.lookup("goroutine").writeTo(out, 0);
            long t = System.nanoTime() - t0;
            if (round > 0 && t < best) best = t; // round 0 warms up
            bytes = out.size();
            System.out.printf("round %d: %.1f ms, longest stall of a running goroutine %.2f ms%n", round, t / 1e6, maxGap.get() / 1e6);
        }
        stop.set(true);
        System.out.printf("goroutine profile of %d parked goroutines: best %.1f ms, %d bytes%n", n, best / 1e6, bytes);
        release.close();
    }
}
