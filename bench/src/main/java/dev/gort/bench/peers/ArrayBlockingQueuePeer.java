package dev.gort.bench.peers;

import dev.gort.bench.Sizes;
import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** java.util.concurrent.ArrayBlockingQueue as a buffered channel, between virtual threads. */
public class ArrayBlockingQueuePeer extends PeerBench {
    /** Ping-pong over two queues of capacity 1 (the closest a bounded queue gets to unbuffered). */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPong() {
        Pipe.pingPong(Pipe.of(new ArrayBlockingQueue<>(1)), Pipe.of(new ArrayBlockingQueue<>(1)), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons10() {
        Pipe.prodCons(Pipe.of(new ArrayBlockingQueue<>(10)), gomaxprocs, Sizes.MESSAGES);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons100() {
        Pipe.prodCons(Pipe.of(new ArrayBlockingQueue<>(100)), gomaxprocs, Sizes.MESSAGES);
    }
}
