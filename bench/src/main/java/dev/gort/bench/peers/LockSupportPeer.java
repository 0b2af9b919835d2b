package dev.gort.bench.peers;

import dev.gort.bench.Sizes;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** The JVM's floor under gort's park/ready: two virtual threads handing a turn over with LockSupport. */
public class LockSupportPeer extends PeerBench {
    private volatile int turn;

    /** One round trip: A gives B the turn and unparks it, B gives it back and unparks A. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void parkPingPong() throws InterruptedException {
        turn = 0;
        Thread[] t = new Thread[2];
        t[0] = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < Sizes.ROUND_TRIPS; i++) {
                turn = 1;
                LockSupport.unpark(t[1]);
                while (turn != 0) LockSupport.park(this);
            }
        });
        t[1] = Thread.ofVirtual().unstarted(() -> {
            for (int i = 0; i < Sizes.ROUND_TRIPS; i++) {
                while (turn != 1) LockSupport.park(this);
                turn = 0;
                LockSupport.unpark(t[0]);
            }
        });
        t[1].start(); // Thread.start happens-before the started thread's actions, so both see t[]
        t[0].start();
        t[0].join();
        t[1].join();
    }
}
