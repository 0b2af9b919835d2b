package dev.gort.bench;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.RecvChan;
import dev.gort.Select;
import dev.gort.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * select in the shapes of Go's chan_test.go. Each goroutine builds its Select once and runs it
 * per op (gort's allocation-free form of a select in a loop).
 */
public class SelectBench extends Bench {
    static final Integer ZERO = 0, ONE = 1;
    /** Go's SelectNonblock op is four selects. */
    static final int NONBLOCK_ROUNDS = Sizes.CHEAP / 4;

    /** Keeps SelectProdCons's local work observable. */
    static final AtomicLong SINK = new AtomicLong();

    /** A 2-case receive select on two cap-1 channels private to each goroutine; one is ready. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void selectUncontended() {
        Gort.parallel(gomaxprocs, id -> selectFlip(new Chan<>(1), new Chan<>(1), share(Sizes.SELECTS, id)));
    }

    /** The same on two channels of capacity GOMAXPROCS shared by all goroutines. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void selectAsyncContended() {
        Chan<Integer> c1 = new Chan<>(gomaxprocs), c2 = new Chan<>(gomaxprocs);
        Gort.parallel(gomaxprocs, id -> selectFlip(c1, c2, share(Sizes.SELECTS, id)));
    }

    /** Moves one token between c1 and c2 with one 2-case receive select per op. */
    private static void selectFlip(Chan<Integer> c1, Chan<Integer> c2, int selects) {
        Select s = new Select().recv(c1, v -> c2.send(ZERO)).recv(c2, v -> c1.send(ZERO));
        c1.send(ZERO);
        for (int k = 0; k < selects; k++) s.run();
    }

    /** A 3-case receive select per op, against a goroutine running a 3-case send select (plus done). */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void selectSyncContended() {
        Chan<Integer> c1 = new Chan<>(), c2 = new Chan<>(), c3 = new Chan<>(), done = new Chan<>();
        Gort.parallel(gomaxprocs, id -> {
            Go.go(() -> {
                boolean[] stop = new boolean[1];
                Select send = new Select().send(c1, ZERO, null).send(c2, ZERO, null).send(c3, ZERO, null)
                        .recv(done, v -> stop[0] = true);
                while (!stop[0]) send.run();
            });
            Select recv = new Select().recv(c1, null).recv(c2, null).recv(c3, null);
            for (int k = share(Sizes.SELECTS, id); k > 0; k--) recv.run();
        });
        done.close();
    }

    /** Four selects with a default: receive and send on unbuffered channels, then on cap-1 ones. */
    @Benchmark
    @OperationsPerInvocation(NONBLOCK_ROUNDS)
    public void selectNonblock() {
        Chan<Integer> c1 = new Chan<>(), c2 = new Chan<>(), c3 = new Chan<>(1), c4 = new Chan<>(1);
        Gort.parallel(gomaxprocs, id -> {
            Select s1 = new Select().recv(c1, null).orDefault(null);
            Select s2 = new Select().send(c2, ZERO, null).orDefault(null);
            Select s3 = new Select().recv(c3, null).orDefault(null);
            Select s4 = new Select().send(c4, ZERO, null).orDefault(null);
            for (int k = share(NONBLOCK_ROUNDS, id); k > 0; k--) {
                s1.run();
                s2.run();
                s3.run();
                s4.run();
            }
        });
    }

    /**
     * Go's BenchmarkSelectProdCons: producers select on sending to a cap-128 channel, a timer that
     * does not fire and a close channel; consumers select on receiving, the timer and the close
     * channel; 100 units of local work per message. One op = one message.
     */
    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void selectProdCons() {
        Chan<Integer> c = new Chan<>(128);
        Chan<Boolean> closing = new Chan<>();
        AtomicInteger batches = new AtomicInteger(Sizes.MESSAGES / Sizes.BATCH);
        Gort.parallel(2 * gomaxprocs, id -> {
            RecvChan<Instant> timer = Time.after(Duration.ofHours(1));
            int work = 0;
            if (id % 2 == 0) {
                Select s = new Select().send(c, ONE, null).recv(timer, null).recv(closing, null);
                while (batches.decrementAndGet() >= 0) {
                    for (int g = 0; g < Sizes.BATCH; g++) {
                        work = localWork(work);
                        s.run();
                    }
                }
                c.send(ZERO);
            } else {
                int[] last = {1};
                Select s = new Select().recv(c, v -> last[0] = v).recv(timer, null).recv(closing, null);
                while (s.run() != 0 || last[0] != 0) work = localWork(work);
            }
            SINK.addAndGet(work);
        });
    }

    /** Go's "model some local work": 100 multiply/divide pairs. */
    private static int localWork(int foo) {
        for (int i = 0; i < 100; i++) {
            foo *= 2;
            foo /= 2;
        }
        return foo;
    }
}
