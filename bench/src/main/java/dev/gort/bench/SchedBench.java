package dev.gort.bench;

import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.sync.WaitGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The scheduler alone: goroutine creation (proc_test.go's CreateGoroutines shapes), the raw
 * park/ready hand-off every blocking primitive is built on, and defer/panic/recover frames
 * (runtime_test.go's Defer and PanicRecover).
 */
public class SchedBench extends Bench {
    static final int SPAWNS = Sizes.SPAWNS;
    static final int ROUND_TRIPS = Sizes.ROUND_TRIPS;
    static final int FRAMES = Sizes.CHEAP;
    static final int PANICS = 20_000;

    /** One goroutine spawned and ended: a chain in which each goroutine starts the next and exits. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void createGoroutines() {
        chains(1, SPAWNS);
    }

    /** Same, one chain per P. */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void createGoroutinesParallel() {
        chains(gomaxprocs, SPAWNS);
    }

    private static void chains(int n, int spawns) {
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            int len = Gort.share(spawns, n, i);
            Go.go(() -> chain(len, wg));
        }
        wg.await();
    }

    private static void chain(int n, WaitGroup wg) {
        if (n == 0) {
            wg.done();
            return;
        }
        Go.go(() -> chain(n - 1, wg));
    }

    /**
     * One round trip of a bare Sched.goready/Sched.gopark hand-off between two goroutines: the floor
     * under every channel ping-pong (Go has no such benchmark; its row compares with Go's
     * unbuffered channel ping-pong).
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void parkPingPong() {
        Gort.parallel(1, i -> parkPingPong(ROUND_TRIPS));
    }

    /**
     * One round trip of a hand-off that never parks: two goroutines take turns on a shared volatile
     * counter, each spinning until it is its turn. At GOMAXPROCS=2 the two run on two carriers and
     * the round trip is two cross-core transfers of one cache line, the floor under any spinning
     * hand-off between P's (a channel round trip moves the channel's lock, the waiter and the
     * wake-up flag on top). A waiter yields every {@value #SPINS_PER_YIELD} spins so that a partner
     * queued on the same P can run: at GOMAXPROCS=1 the row measures yields, not a floor, and at 2
     * any time the pair spends on one P (or a carrier spends descheduled by the OS) shows up as
     * microseconds of yields, so the row also says how often two carriers really run at once.
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void spinPingPong() {
        Turn turn = new Turn();
        Gort.parallel(2, id -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                int mine = 2 * i + id;
                for (int spins = 1; turn.value != mine; spins++) {
                    Thread.onSpinWait();
                    if (spins % SPINS_PER_YIELD == 0) GoRuntime.gosched();
                }
                turn.value = mine + 1;
            }
        });
    }

    static final int SPINS_PER_YIELD = 256;

    /** The counter spinPingPong's goroutines take turns on: even values are goroutine 0's turn. */
    static final class Turn {
        volatile int value;
    }

    /** The two goroutines learn each other's G: B is started by A and says hello before the loop. */
    private static void parkPingPong(int rounds) {
        G a = Sched.currentG();
        G[] b = new G[1];
        Go.go(() -> {
            b[0] = Sched.currentG();
            Sched.goready(a); // hello: b[0] is published by the goready/gopark pair
            for (int i = 0; i < rounds; i++) {
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                Sched.goready(a);
            }
        });
        Sched.gopark(WaitReason.CHAN_RECEIVE);
        G pong = b[0];
        for (int i = 0; i < rounds; i++) {
            Sched.goready(pong);
            Sched.gopark(WaitReason.CHAN_RECEIVE);
        }
    }

    /** One Go.func frame with one deferred call that checks recover() is nil (Go's BenchmarkDefer). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void defer() {
        Gort.parallel(1, i -> {
            for (int k = 0; k < FRAMES; k++) defer1(1, 2, 3);
        });
    }

    private static void defer1(int x, int y, int z) {
        Go.func(() -> Go.defer(() -> {
            if (Go.recover() != null || x != 1 || y != 2 || z != 3) throw Go.panic("bad recover");
        }));
    }

    /** One panic recovered by the frame's deferred call (Go's BenchmarkPanicRecover). */
    @Benchmark
    @OperationsPerInvocation(PANICS)
    public void panicRecover() {
        Gort.parallel(1, i -> {
            for (int k = 0; k < PANICS; k++) defer3();
        });
    }

    private static void defer3() {
        Go.func(() -> {
            Go.defer(() -> {
                if (Go.recover() == null) throw Go.panic("failed recover");
            });
            throw Go.panic("hi");
        });
    }
}
