package dev.gort.bench.peers;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
import dev.gort.bench.Sizes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** jox (com.softwaremill.jox:channels): Go-style channels and select for virtual threads. */
public class JoxPeer extends PeerBench {
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPong() {
        Pipe.pingPong(Pipe.of(Channel.newRendezvousChannel()), Pipe.of(Channel.newRendezvousChannel()), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void chanSync() {
        Pipe.chanSync(Pipe.of(Channel.newRendezvousChannel()), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons0() {
        Pipe.prodCons(Pipe.of(Channel.newRendezvousChannel()), gomaxprocs, Sizes.MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons10() {
        Pipe.prodCons(Pipe.of(Channel.newBufferedChannel(10)), gomaxprocs, Sizes.MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons100() {
        Pipe.prodCons(Pipe.of(Channel.newBufferedChannel(100)), gomaxprocs, Sizes.MESSAGES);
    }

    /** Moves one token between c1 and c2 with a 2-case receive select per op (Go's selectUncontended loop). */
    private static void selectFlip(Channel<Integer> c1, Channel<Integer> c2, int selects) throws InterruptedException {
        c1.send(0);
        for (int k = selects; k > 0; k--) {
            if (Select.select(c1.receiveClause(v -> 1), c2.receiveClause(v -> 2)) == 1) {
                c2.send(0);
            } else {
                c1.send(0);
            }
        }
    }

    /** Go's SelectUncontended: per thread, two private channels of capacity 1 and a 2-case receive select. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void selectUncontended() {
        VirtualThreads.parallel(gomaxprocs, id -> {
            Channel<Integer> c1 = Channel.newBufferedChannel(1);
            Channel<Integer> c2 = Channel.newBufferedChannel(1);
            selectFlip(c1, c2, share(Sizes.SELECTS, id));
        });
    }

    /** Go's SelectAsyncContended: the same on two channels of capacity GOMAXPROCS shared by all threads. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SELECTS)
    public void selectAsyncContended() {
        Channel<Integer> c1 = Channel.newBufferedChannel(gomaxprocs);
        Channel<Integer> c2 = Channel.newBufferedChannel(gomaxprocs);
        VirtualThreads.parallel(gomaxprocs, id -> {
            selectFlip(c1, c2, share(Sizes.SELECTS, id));
        });
    }
}
