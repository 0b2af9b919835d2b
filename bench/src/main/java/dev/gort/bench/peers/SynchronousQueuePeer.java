package dev.gort.bench.peers;

import dev.gort.bench.Sizes;
import java.util.concurrent.SynchronousQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** java.util.concurrent.SynchronousQueue as an unbuffered channel, between virtual threads. */
public class SynchronousQueuePeer extends PeerBench {
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPong() {
        Pipe.pingPong(Pipe.of(new SynchronousQueue<>()), Pipe.of(new SynchronousQueue<>()), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void chanSync() {
        Pipe.chanSync(Pipe.of(new SynchronousQueue<>()), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons0() {
        Pipe.prodCons(Pipe.of(new SynchronousQueue<>()), gomaxprocs, Sizes.MESSAGES);
    }
}
