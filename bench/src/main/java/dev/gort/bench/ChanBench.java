package dev.gort.bench;

import dev.gort.Chan;
import dev.gort.Select;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** Channels in the shapes of Go's chan_test.go (and the plain unbuffered ping-pong round trip). */
public class ChanBench extends Bench {
    /** Go's ChanUncontended/ChanContended op is 100 sends and 100 receives. */
    static final int BURSTS = 1_000;
    static final Integer ZERO = 0, ONE = 1;

    /** One round trip: {@code ping <- 1; <-pong} against a goroutine that echoes ping to pong. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPong() {
        Chan<Integer> ping = new Chan<>(), pong = new Chan<>();
        Gort.parallel(2, id -> {
            for (int i = 0; i < Sizes.ROUND_TRIPS; i++) {
                if (id == 0) {
                    ping.send(ONE);
                    pong.recv();
                } else {
                    pong.send(ping.recv());
                }
            }
        });
    }

    /** One hand-off: two goroutines alternately receive and send on one unbuffered channel. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void chanSync() {
        Chan<Integer> c = new Chan<>();
        Gort.parallel(2, id -> {
            for (int i = 0; i < Sizes.ROUND_TRIPS / 2; i++) {
                if (id == 0) {
                    c.recv();
                    c.send(ZERO);
                } else {
                    c.send(ZERO);
                    c.recv();
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons0() {
        prodCons(0);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons10() {
        prodCons(10);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons100() {
        prodCons(100);
    }

    /**
     * Go's benchmarkChanProdCons: GOMAXPROCS producers claim batches of messages from a shared
     * budget and send 1s, then a 0; as many consumers receive until a 0. One op = one message.
     */
    private void prodCons(int size) {
        Chan<Integer> c = new Chan<>(size);
        AtomicInteger batches = new AtomicInteger(Sizes.MESSAGES / Sizes.BATCH);
        Gort.parallel(2 * gomaxprocs, id -> {
            if (id % 2 == 0) {
                while (batches.decrementAndGet() >= 0) {
                    for (int g = 0; g < Sizes.BATCH; g++) c.send(ONE);
                }
                c.send(ZERO);
            } else {
                while (c.recv() != 0) {
                    // consume
                }
            }
        });
    }

    /** 100 sends, then 100 receives, on a cap-100 channel private to each goroutine. */
    @Benchmark
    @OperationsPerInvocation(BURSTS)
    public void chanUncontended() {
        Gort.parallel(gomaxprocs, id -> bursts(new Chan<>(100), share(BURSTS, id)));
    }

    /** The same on one channel shared by all goroutines (cap 100 × GOMAXPROCS). */
    @Benchmark
    @OperationsPerInvocation(BURSTS)
    public void chanContended() {
        Chan<Integer> c = new Chan<>(100 * gomaxprocs);
        Gort.parallel(gomaxprocs, id -> bursts(c, share(BURSTS, id)));
    }

    private static void bursts(Chan<Integer> c, int n) {
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 100; i++) c.send(ZERO);
            for (int i = 0; i < 100; i++) c.recv();
        }
    }

    /** A {@code select { case <-c: default: }} on an unbuffered channel nobody sends on. */
    @Benchmark
    @OperationsPerInvocation(Sizes.CHEAP)
    public void chanNonblocking() {
        Chan<Integer> c = new Chan<>();
        Gort.parallel(gomaxprocs, id -> {
            Select s = new Select().recv(c, null).orDefault(null);
            for (int k = share(Sizes.CHEAP, id); k > 0; k--) s.run();
        });
    }

    /** make(chan int, 1), one send, one receive. */
    @Benchmark
    @OperationsPerInvocation(Sizes.CHEAP)
    public void chanCreation() {
        Gort.parallel(gomaxprocs, id -> {
            for (int k = share(Sizes.CHEAP, id); k > 0; k--) {
                Chan<Integer> c = new Chan<>(1);
                c.send(ZERO);
                c.recv();
            }
        });
    }
}
