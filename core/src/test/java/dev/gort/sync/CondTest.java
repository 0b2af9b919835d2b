package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sync.Cond: signal wakes the longest waiter, broadcast wakes all, no lost wake-ups. */
class CondTest {

    @Test
    void signalWakesWaitersInTheOrderTheyWaited() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        List<Integer> woke = new ArrayList<>(); // guarded by m
        int n = 5;
        Goroutines.Started[] ws = new Goroutines.Started[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            ws[i] = Goroutines.start(() -> {
                m.lock();
                c.await();
                woke.add(id);
                m.unlock();
            });
            Goroutines.awaitParked(ws[i].g(), WaitReason.SYNC_COND_WAIT);
        }
        assertEquals("sync.Cond.Wait", ws[0].g().waitReason.text());
        for (int i = 0; i < n; i++) {
            c.signal();
            ws[i].join();
            for (int j = i + 1; j < n; j++) assertEquals(Status.WAITING, ws[j].g().status, "signal wakes one");
        }
        assertEquals(List.of(0, 1, 2, 3, 4), woke);
        c.signal(); // nobody waits: a no-op
    }

    @Test
    void broadcastWakesEveryWaiter() throws Exception {
        RWMutex rw = new RWMutex();
        Cond c = new Cond(rw);
        boolean[] ready = new boolean[1]; // guarded by rw
        int n = 20;
        Goroutines.Started[] ws = new Goroutines.Started[n];
        for (int i = 0; i < n; i++) {
            ws[i] = Goroutines.start(() -> {
                rw.lock();
                while (!ready[0]) c.await();
                rw.unlock();
            });
        }
        for (Goroutines.Started w : ws) Goroutines.awaitParked(w.g(), WaitReason.SYNC_COND_WAIT);
        rw.lock();
        ready[0] = true;
        c.broadcast();
        rw.unlock();
        for (Goroutines.Started w : ws) w.join();
        assertTrue(c.locker() == rw);
    }

    /** Producer/consumer on a plain thread and goroutines: a signal between unlock and park is not lost. */
    @Test
    void noLostWakeupsUnderChurn() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int[] queue = new int[1]; // items available, guarded by m
        int consumers = 4, items = 20_000;
        WaitGroup wg = new WaitGroup();
        wg.add(consumers);
        int[] taken = new int[1];
        for (int i = 0; i < consumers; i++) {
            dev.gort.Go.go(() -> {
                m.lock();
                for (;;) {
                    while (queue[0] == 0 && taken[0] < items) c.await();
                    if (taken[0] == items) break;
                    queue[0]--;
                    taken[0]++;
                    if (taken[0] == items) c.broadcast();
                }
                m.unlock();
                wg.done();
            });
        }
        for (int i = 0; i < items; i++) {
            m.lock();
            queue[0]++;
            c.signal();
            m.unlock();
        }
        wg.await();
        assertEquals(items, taken[0]);
    }
}
