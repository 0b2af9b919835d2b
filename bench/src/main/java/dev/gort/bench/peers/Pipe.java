package dev.gort.bench.peers;

import com.softwaremill.jox.Channel;
import dev.gort.bench.Sizes;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer's channel seen as a blocking pipe of ints, and the Go benchmark shapes every peer runs
 * over it on virtual threads (the shapes of gort's ChanBench, written once for all peers).
 */
interface Pipe {
    void send(int v) throws InterruptedException;

    int recv() throws InterruptedException;

    static Pipe of(BlockingQueue<Integer> q) {
        return new Pipe() {
            @Override
            public void send(int v) throws InterruptedException {
                q.put(v);
            }

            @Override
            public int recv() throws InterruptedException {
                return q.take();
            }
        };
    }

    /**
     * An Exchanger as a rendezvous between exactly two threads: a send gives its value and takes
     * the receiver's null, a receive the other way round (so only for one sender and one receiver
     * at a time: ping-pong and ChanSync, never producer/consumer crowds).
     */
    static Pipe of(Exchanger<Integer> x) {
        return new Pipe() {
            @Override
            public void send(int v) throws InterruptedException {
                x.exchange(v);
            }

            @Override
            public int recv() throws InterruptedException {
                return x.exchange(null);
            }
        };
    }

    static Pipe of(Channel<Integer> c) {
        return new Pipe() {
            @Override
            public void send(int v) throws InterruptedException {
                c.send(v);
            }

            @Override
            public int recv() throws InterruptedException {
                return c.receive();
            }
        };
    }

    /** Unbuffered ping-pong: {@code ping <- i; <-pong} against an echoing thread; one op = one round trip. */
    static void pingPong(Pipe ping, Pipe pong, int rounds) {
        VirtualThreads.parallel(2, id -> {
            for (int i = 0; i < rounds; i++) {
                if (id == 0) {
                    ping.send(1);
                    pong.recv();
                } else {
                    pong.send(ping.recv());
                }
            }
        });
    }

    /** Go's benchmarkChanSync: two threads alternately receive and send on one pipe; one op = one hand-off. */
    static void chanSync(Pipe c, int handOffs) {
        VirtualThreads.parallel(2, id -> {
            for (int i = 0; i < handOffs / 2; i++) {
                if (id == 0) {
                    c.recv();
                    c.send(0);
                } else {
                    c.send(0);
                    c.recv();
                }
            }
        });
    }

    /**
     * Go's benchmarkChanProdCons: {@code procs} producers claim batches of {@link Sizes#BATCH}
     * messages from a shared budget and send 1s, then a 0; {@code procs} consumers receive until a
     * 0. One op = one message.
     */
    static void prodCons(Pipe c, int procs, int messages) {
        AtomicInteger batches = new AtomicInteger(messages / Sizes.BATCH);
        VirtualThreads.parallel(2 * procs, id -> {
            if (id % 2 == 0) {
                while (batches.decrementAndGet() >= 0) {
                    for (int g = 0; g < Sizes.BATCH; g++) c.send(1);
                }
                c.send(0);
            } else {
                while (c.recv() != 0) {
                    // consume
                }
            }
        });
    }
}
