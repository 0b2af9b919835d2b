package dev.gort.internal.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The runtime semaphore and notify list: queue order, hand-off, plain threads, ticket wrap-around. */
class SemaTest {

    /** Starts a goroutine that acquires s (queueing lifo or not) and then records id; returns once it is parked. */
    private static Goroutine parkedAcquirer(Sema s, boolean lifo, int id, List<Integer> order) {
        CompletableFuture<G> self = new CompletableFuture<>();
        Goroutine h = Go.go(() -> {
            self.complete(Sched.currentG());
            s.acquire(lifo, 0, WaitReason.SEMACQUIRE);
            order.add(id);
        });
        awaitParked(self.join());
        return h;
    }

    private static void awaitParked(G g) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(g.status == Status.WAITING && g.waitReason == WaitReason.SEMACQUIRE)) {
            if (System.nanoTime() > deadline) fail(g + " never parked");
            Thread.yield();
        }
    }

    private static void releaseOneAtATime(Sema s, Goroutine[] gs, List<Integer> order) throws Exception {
        for (int i = 0; i < gs.length; i++) {
            s.release(false);
            while (order.size() < i + 1) Thread.yield();
        }
        for (Goroutine g : gs) assertTrue(g.join(Duration.ofSeconds(30)));
    }

    @Test
    void waitersAreServedFirstInFirstOut() throws Exception {
        Sema s = new Sema();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Goroutine[] gs = new Goroutine[4];
        for (int i = 0; i < gs.length; i++) gs[i] = parkedAcquirer(s, false, i, order);
        assertEquals(4, s.waiters());
        releaseOneAtATime(s, gs, order);
        assertEquals(List.of(0, 1, 2, 3), order);
        assertEquals(0, s.waiters());
    }

    @Test
    void lifoWaitersGoToTheFront() throws Exception {
        Sema s = new Sema();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Goroutine[] gs = new Goroutine[3];
        gs[0] = parkedAcquirer(s, false, 0, order);
        gs[1] = parkedAcquirer(s, false, 1, order);
        gs[2] = parkedAcquirer(s, true, 2, order); // Mutex's re-waiter
        releaseOneAtATime(s, gs, order);
        assertEquals(List.of(2, 0, 1), order);
    }

    @Test
    void unitsReleasedFirstAreTakenWithoutBlocking() {
        Sema s = new Sema();
        assertFalse(s.tryAcquire());
        s.release(false);
        s.release(false);
        s.acquire(false, 0, WaitReason.SEMACQUIRE);
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
    }

    /** With hand-off the woken waiter owns the unit: a thread racing for it right after the release finds none. */
    @Test
    void handoffGivesTheUnitToTheWaiter() throws Exception {
        Sema s = new Sema();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Goroutine g = parkedAcquirer(s, false, 1, order);
        s.release(true);
        assertFalse(s.tryAcquire(), "the unit went to the waiter");
        assertTrue(g.join(Duration.ofSeconds(30)));
        assertEquals(List.of(1), order);
    }

    @Test
    void plainJavaThreadsParkAndWake() throws Exception {
        Sema s = new Sema();
        int n = 4;
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = new Thread(() -> s.acquire(false, 0, WaitReason.SEMACQUIRE));
            ts[i].start();
        }
        while (s.waiters() < n) Thread.yield();
        for (int i = 0; i < n; i++) Go.go(() -> s.release(false));
        for (Thread t : ts) {
            t.join(30_000);
            assertFalse(t.isAlive());
        }
    }

    @Test
    void ticketsCompareAcrossWrapAround() {
        assertTrue(NotifyList.less(Integer.MAX_VALUE, Integer.MIN_VALUE));
        assertTrue(NotifyList.less(-1, 0));
        assertFalse(NotifyList.less(0, -1));
        assertFalse(NotifyList.less(5, 5));
    }

    @Test
    void notificationBeforeTheParkIsNotLost() {
        NotifyList l = new NotifyList();
        int t = l.add();
        l.wakeOne(); // between add and await, as between Cond.Wait's unlock and park
        l.await(t, WaitReason.SYNC_COND_WAIT); // returns at once
        int t2 = l.add();
        int t3 = l.add();
        l.wakeAll();
        l.await(t3, WaitReason.SYNC_COND_WAIT);
        l.await(t2, WaitReason.SYNC_COND_WAIT);
        l.wakeOne(); // nothing to notify: no effect on the next ticket
        int t4 = l.add();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> l.await(t4, WaitReason.SYNC_COND_WAIT));
        while (!done.isDone()) {
            l.wakeOne();
            Thread.yield();
        }
        done.join();
    }
}
