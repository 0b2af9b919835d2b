package dev.gort.bench.peers;

import dev.gort.bench.Gort;
import dev.gort.bench.Sizes;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The floor of a goroutine design that reuses virtual threads instead of creating one per
 * goroutine (what Go does with its free G's and their stacks): the CreateGoroutinesParallel chains,
 * where a thread that has run its task parks on an idle list and "spawning" hands the next task to
 * an idle thread and unparks it (a new thread only when none is idle). Each spawn then costs a
 * park, an unpark and a mount in place of a thread's creation, start and end; measured against
 * {@link VirtualThreadPeer}, it says whether reuse could take gort below that floor.
 */
public class ReusedVirtualThreadPeer extends PeerBench {

    /** One task handed to a reused virtual thread, one chain per carrier. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SPAWNS)
    public void createGoroutinesParallel() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(gomaxprocs);
        for (int i = 0; i < gomaxprocs; i++) {
            int len = Gort.share(Sizes.SPAWNS, gomaxprocs, i);
            spawn(() -> chain(len, done));
        }
        done.await();
    }

    /** Threads that have run their task and wait for the next one. */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

    /** A reusable virtual thread: runs the task handed to it, then waits on the idle list for the next. */
    private final class Worker implements Runnable {
        /** The task to run next; set by the spawner, cleared by the worker before it runs it. */
        volatile Runnable task;
        Thread thread;

        @Override
        public void run() {
            for (;;) {
                Runnable t;
                while ((t = task) == null) LockSupport.park(this);
                task = null;
                t.run();
                idle.push(this);
            }
        }
    }

    private void spawn(Runnable task) {
        Worker w = idle.poll();
        if (w == null) {
            w = new Worker();
            w.task = task;
            w.thread = Thread.ofVirtual().start(w);
        } else {
            w.task = task;
            LockSupport.unpark(w.thread);
        }
    }

    private void chain(int n, CountDownLatch done) {
        if (n == 0) {
            done.countDown();
            return;
        }
        spawn(() -> chain(n - 1, done));
    }
}
