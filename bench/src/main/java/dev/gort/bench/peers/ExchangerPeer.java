package dev.gort.bench.peers;

import dev.gort.bench.Sizes;
import java.util.concurrent.Exchanger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * java.util.concurrent.Exchanger as an unbuffered channel between two virtual threads: the JDK's
 * fastest rendezvous (it spins up to 1024 rounds before parking when its carrier has no queued
 * work), so the peer that a two-carrier hand-off has to beat.
 */
public class ExchangerPeer extends PeerBench {
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPong() {
        Pipe.pingPong(Pipe.of(new Exchanger<>()), Pipe.of(new Exchanger<>()), Sizes.ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void chanSync() {
        Pipe.chanSync(Pipe.of(new Exchanger<>()), Sizes.ROUND_TRIPS);
    }
}
