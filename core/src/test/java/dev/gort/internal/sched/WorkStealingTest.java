package dev.gort.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.testing.Goroutines;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Work stealing between P's (Go's stealWork): goroutines queued on a P whose goroutine never
 * blocks run on another P, which can only have taken them from that P's local queue.
 */
class WorkStealingTest {

    /**
     * At GOMAXPROCS 2 a goroutine starts four others, which {@code Sched.ready} puts on its own
     * P's local queue (a goroutine started by a running one: the newest to runnext, the others to
     * the ring, far from overflowing to the global queue), and then spins without blocking until
     * all four have run. Its P never schedules again meanwhile, so each of them was stolen by the
     * other P: each ran on another carrier while the hog still held its P.
     */
    @Test
    void anIdleProcessorStealsFromABusyProcessorsQueue() throws InterruptedException {
        int old = Sched.gomaxprocs(2);
        try {
            int n = 4;
            Set<Thread> carriersOfQueued = ConcurrentHashMap.newKeySet();
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Thread> hogCarrier = new AtomicReference<>();
            AtomicReference<P> hogP = new AtomicReference<>();
            AtomicReference<P> hogPAfter = new AtomicReference<>();
            Goroutine hog = Go.go(() -> {
                M m = (M) VirtualThreads.currentCarrier();
                hogCarrier.set(m);
                hogP.set(m.p);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        carriersOfQueued.add(VirtualThreads.currentCarrier());
                        ran.incrementAndGet();
                    });
                }
                long deadline = System.nanoTime() + Goroutines.TIMEOUT.toNanos();
                while (ran.get() < n && System.nanoTime() < deadline) Thread.onSpinWait(); // never blocks
                hogPAfter.set(m.p);
            });
            assertTrue(hog.join(Goroutines.TIMEOUT));
            assertEquals(n, ran.get(), "every queued goroutine ran while the hog kept its P");
            assertEquals(hogP.get(), hogPAfter.get(), "the hog kept its P throughout");
            assertFalse(carriersOfQueued.contains(hogCarrier.get()), "none ran on the hog's carrier");
        } finally {
            Sched.gomaxprocs(old);
        }
    }
}
