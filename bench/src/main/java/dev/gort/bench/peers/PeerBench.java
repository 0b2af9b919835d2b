package dev.gort.bench.peers;

import dev.gort.bench.Bench;

/** A peer's benchmark class: GOMAXPROCS becomes the default virtual-thread scheduler's parallelism. */
public abstract class PeerBench extends Bench {
    @Override
    protected void configure(int procs) {
        VirtualThreads.parallelism(procs);
    }
}
