package dev.gort.internal.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.Sched;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The timer heap and its thread: firing order, removal, wake-source accounting, no thread per timer. */
class TimersTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void manyTimersFireInDeadlineOrder() throws InterruptedException {
        int n = 2_000;
        Random rnd = new Random(42);
        List<RuntimeTimer> fired = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            RuntimeTimer[] self = new RuntimeTimer[1];
            self[0] = new RuntimeTimer((arg, delay) -> {
                fired.add(self[0]);
                done.countDown();
            }, null);
            self[0].reset(TimeUnit.MILLISECONDS.toNanos(20 + rnd.nextInt(300)), 0);
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(n, fired.size());
        for (int i = 1; i < n; i++) {
            assertTrue(fired.get(i - 1).when <= fired.get(i).when, "timer " + i + " fired before an earlier deadline");
        }
    }

    @Test
    void stoppedTimersNeverFireAndTheRestStillDo() throws InterruptedException {
        int n = 1_000;
        Random rnd = new Random(7);
        boolean[] stopped = new boolean[n];
        boolean[] ran = new boolean[n];
        CountDownLatch live = new CountDownLatch(n / 2);
        RuntimeTimer[] ts = new RuntimeTimer[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            ts[i] = new RuntimeTimer((arg, delay) -> {
                synchronized (ran) {
                    ran[id] = true;
                }
                live.countDown();
            }, null);
            ts[i].reset(TimeUnit.MILLISECONDS.toNanos(100 + rnd.nextInt(100)), 0);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, rnd);
        for (int k = 0; k < n / 2; k++) {
            int i = order.get(k);
            stopped[i] = true;
            assertTrue(ts[i].stop(), "pending timer stops");
            assertFalse(ts[i].stop(), "second stop finds nothing");
        }
        assertTrue(live.await(20, TimeUnit.SECONDS));
        Thread.sleep(50);
        synchronized (ran) {
            for (int i = 0; i < n; i++) assertEquals(!stopped[i], ran[i], "timer " + i);
        }
    }

    @Test
    void pendingTimersCountAsWakeSourcesUntilTheyFireOrStop() throws InterruptedException {
        long base = Sched.pendingWakeSources.get();
        RuntimeTimer far = new RuntimeTimer((arg, delay) -> {}, null);
        far.reset(HOUR, 0);
        assertEquals(base + 1, Sched.pendingWakeSources.get());
        assertTrue(far.reset(HOUR, 0), "reset of a pending timer reports it pending");
        assertEquals(base + 1, Sched.pendingWakeSources.get());
        assertTrue(far.stop());
        assertEquals(base, Sched.pendingWakeSources.get());

        CountDownLatch fired = new CountDownLatch(1);
        long[] duringF = new long[1];
        RuntimeTimer soon = new RuntimeTimer((arg, delay) -> {
            duringF[0] = Sched.pendingWakeSources.get();
            fired.countDown();
        }, null);
        soon.reset(TimeUnit.MILLISECONDS.toNanos(10), 0);
        assertTrue(fired.await(10, TimeUnit.SECONDS));
        assertEquals(base + 1, duringF[0], "still counted while f runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Sched.pendingWakeSources.get() != base && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(base, Sched.pendingWakeSources.get());
        assertFalse(soon.stop(), "a fired timer is not pending");
    }

    @Test
    void hundredThousandPendingTimersCostNoThreads() {
        int n = 100_000;
        Timers.pending(); // the timer thread exists from here on
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        int heapBefore = Timers.pending();
        long wakeBefore = Sched.pendingWakeSources.get();
        RuntimeTimer[] ts = new RuntimeTimer[n];
        for (int i = 0; i < n; i++) {
            ts[i] = new RuntimeTimer((arg, delay) -> {}, null);
            ts[i].reset(HOUR + i, 0);
        }
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertEquals(heapBefore + n, Timers.pending());
        assertEquals(wakeBefore + n, Sched.pendingWakeSources.get());
        assertTrue(after - before <= 1, "threads before " + before + ", with 100k timers " + after);
        for (RuntimeTimer t : ts) assertTrue(t.stop());
        assertEquals(heapBefore, Timers.pending());
        assertEquals(wakeBefore, Sched.pendingWakeSources.get());
    }

    @Test
    void periodicTimerStaysOnItsGridSkippingMissedTicks() throws InterruptedException {
        List<Long> next = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch five = new CountDownLatch(5);
        RuntimeTimer[] self = new RuntimeTimer[1];
        self[0] = new RuntimeTimer((arg, delay) -> {
            next.add(self[0].when); // re-armed before f runs: the next tick
            five.countDown();
        }, null);
        long period = TimeUnit.MILLISECONDS.toNanos(7);
        self[0].reset(period, period);
        long first;
        synchronized (Timers.LOCK) {
            first = self[0].when;
        }
        assertTrue(five.await(10, TimeUnit.SECONDS));
        assertTrue(self[0].stop(), "a periodic timer stays pending until stopped");
        synchronized (next) {
            long prev = Long.MIN_VALUE;
            for (long w : next) {
                assertTrue(w > prev, "ticks move forward: " + next);
                assertEquals(0, (w - first) % period, "ticks stay on the period's grid");
                prev = w;
            }
        }
    }

    @Test
    void hugeDelaysSaturate() {
        RuntimeTimer t = new RuntimeTimer((arg, delay) -> {}, null);
        t.reset(Long.MAX_VALUE, 0);
        assertEquals(Long.MAX_VALUE, t.when);
        assertTrue(t.stop());
    }
}
