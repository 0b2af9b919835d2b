package dev.gort.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.Panic;
import dev.gort.RecvChan;
import dev.gort.Select;
import dev.gort.internal.timer.Timers;
import dev.gort.testing.Goroutines;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** time.After, time.Tick, NewTimer and NewTicker: channels fed by the runtime timer heap, Go 1.23 rules. */
class TimerChanTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void afterDeliversTheDueTimeAfterTheDuration() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Instant fired = Time.after(Duration.ofMillis(30)).recv();
        assertTrue(System.nanoTime() - t0 >= 30_000_000L, "waited at least 30 ms");
        assertFalse(fired.isBefore(start.plusMillis(29)), "the time the timer was due: " + fired);
    }

    @Test
    void afterAsASelectTimeout() throws InterruptedException {
        Chan<String> never = new Chan<>();
        AtomicReference<String> got = new AtomicReference<>();
        Goroutine g = Go.go(() -> new Select()
                .recv(never, got::set)
                .recv(Time.after(Duration.ofMillis(20)), t -> got.set("timeout"))
                .run());
        assertTrue(g.join(Goroutines.TIMEOUT));
        assertEquals("timeout", got.get());
    }

    @Test
    void timerChannelsReportLenAndCapZero() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFiredWithin(Duration.ofMillis(1)); // fired: the value waits inside
        assertEquals(0, t.c().cap(), "Go 1.23: timer channels are synchronous");
        assertEquals(0, t.c().len());
        assertTrue(t.c().tryRecv() != null);
    }

    @Test
    void stopBeforeFiringMeansNoValue() {
        Timer t = Time.newTimer(Duration.ofMillis(20));
        assertTrue(t.stop());
        awaitFiredWithin(Duration.ofMillis(20)); // it would have fired by now
        assertNull(t.c().tryRecv());
        assertFalse(t.stop());
    }

    /**
     * Returns once every timer started before this call and due within {@code d} has fired, its
     * value waiting in its channel: it receives from a timer due later. Timers fire in deadline
     * order, one after another on the one timer thread, and a channel timer's value is in its
     * channel when its firing returns. (Receiving from the timer itself would take the value.)
     */
    private static void awaitFiredWithin(Duration d) {
        Time.after(d.plusMillis(5)).recv();
    }

    @Test
    void stopAfterFiringUnreceivedDrainsTheValue() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFiredWithin(Duration.ofMillis(1)); // fired; the value waits in the channel
        assertTrue(t.stop(), "Go 1.23: a value not yet received means Stop stopped the timer");
        assertNull(t.c().tryRecv(), "no stale value after Stop");
        assertFalse(t.stop(), "stopped already");
    }

    @Test
    void resetDeliversOnlyTheNewFiring() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFiredWithin(Duration.ofMillis(1)); // fired; the value (due at 1 ms) waits in the channel
        Instant resetAt = Instant.now();
        assertTrue(t.reset(Duration.ofMillis(40)), "Go 1.23: an unreceived value means the timer was still active");
        Instant got = t.c().recv();
        assertFalse(got.isBefore(resetAt.plusMillis(39)), "the value received is the new firing's, due at "
                + resetAt.plusMillis(40) + ", not the stale one: " + got);
    }

    @Test
    void afterFuncTimersHaveTheNilChannel() {
        Timer t = Time.afterFunc(HOUR, () -> { });
        assertEquals(Chan.nil(), t.c());
        assertTrue(t.stop());
    }

    @Test
    void tickerTicksUntilStopped() {
        Ticker tk = Time.newTicker(Duration.ofMillis(10));
        for (int i = 0; i < 3; i++) assertTrue(tk.c().recv() != null);
        tk.stop();
        awaitFiredWithin(Duration.ofMillis(30)); // three ticks would have come by now
        assertNull(tk.c().tryRecv(), "no tick after Stop");
        tk.reset(Duration.ofMillis(5));
        assertTrue(tk.c().recv() != null, "ticks again after Reset");
        tk.stop();
    }

    @Test
    void aSlowReceiverMissesTicksInsteadOfQueueingThem() {
        Ticker tk = Time.newTicker(Duration.ofMillis(5));
        awaitFiredWithin(Duration.ofMillis(100)); // twenty ticks due, one kept
        assertTrue(tk.c().tryRecv() != null);
        assertNull(tk.c().tryRecv(), "one tick buffered at most");
        tk.stop();
    }

    @Test
    @Timeout(60) // without the waiter's reference it hangs: seen before the fix
    void aThreadWaitingOnTimeAfterKeepsTheTimerAliveThroughCollections() throws Exception {
        // The timer holds its channel weakly (Go 1.23: an unreferenced timer is garbage); the
        // waiter's own reference must keep it, also once the JIT has compiled the receive path.
        Thread collector = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            for (int i = 0; i < 1_000; i++) assertTrue(Time.after(Duration.ofNanos(200_000)).recv() != null);
        } finally {
            collector.interrupt();
        }
    }

    @Test
    void nonPositiveIntervalsPanicOrGiveNil() {
        Panic p = assertThrows(Panic.class, () -> Time.newTicker(Duration.ZERO));
        assertEquals("non-positive interval for NewTicker", p.value());
        Ticker tk = Time.newTicker(HOUR);
        p = assertThrows(Panic.class, () -> tk.reset(Duration.ofSeconds(-1)));
        assertEquals("non-positive interval for Ticker.Reset", p.value());
        tk.stop();
        assertEquals(Chan.nil(), Time.tick(Duration.ZERO));
    }

    @Test
    void aHundredThousandPendingTimersCostNoThread() {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        int pendingBefore = Timers.pending();
        List<Timer> ts = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) ts.add(Time.newTimer(HOUR));
        assertEquals(pendingBefore + 100_000, Timers.pending());
        assertTrue(ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 2,
                "threads: " + threadsBefore + " -> " + ManagementFactory.getThreadMXBean().getThreadCount());
        AtomicInteger stopped = new AtomicInteger();
        for (Timer t : ts) if (t.stop()) stopped.incrementAndGet();
        assertEquals(100_000, stopped.get());
    }

    @Test
    void manyGoroutinesWaitingOnTimersAllWake() throws InterruptedException {
        int n = 1_000;
        AtomicInteger woke = new AtomicInteger();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecvChan<Instant> c = Time.after(Duration.ofMillis(1 + i % 50));
            gs.add(Go.go(() -> {
                c.recv();
                woke.incrementAndGet();
            }));
        }
        for (Goroutine g : gs) assertTrue(g.join(Goroutines.TIMEOUT));
        assertEquals(n, woke.get());
    }
}
