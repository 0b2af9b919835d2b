package dev.gort.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** time.Sleep and time.AfterFunc: accuracy, wait reason, goroutines, Stop/Reset, the deadlock detector. */
class SleepAndAfterFuncTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void sleepInAGoroutineLastsAtLeastItsDuration() throws InterruptedException {
        AtomicLong took = new AtomicLong();
        Goroutine g = Go.go(() -> {
            long start = System.nanoTime();
            Time.sleep(Duration.ofMillis(50));
            took.set(millisSince(start));
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertTrue(took.get() >= 50 && took.get() < 1_000, "slept " + took + " ms");
    }

    @Test
    void sleepOnAPlainThreadBlocks() {
        long start = System.nanoTime();
        Time.sleep(Duration.ofMillis(30));
        long took = millisSince(start);
        assertTrue(took >= 30 && took < 1_000, "slept " + took + " ms");
    }

    @Test
    void zeroAndNegativeSleepsReturnAtOnce() {
        long pending = Sched.pendingWakeSources.get();
        long start = System.nanoTime();
        Time.sleep(Duration.ZERO);
        Time.sleep(Duration.ofSeconds(-5));
        assertTrue(millisSince(start) < 100);
        assertEquals(pending, Sched.pendingWakeSources.get(), "no timer was armed");
    }

    @Test
    void thousandSleepersShareTheTimerHeap() throws InterruptedException {
        int n = 1_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger early = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                long s = System.nanoTime();
                Time.sleep(Duration.ofMillis(100));
                if (millisSince(s) < 100) early.incrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(0, early.get(), "no sleep ended early");
        assertTrue(millisSince(start) < 10_000, "sleeps overlap, they do not queue");
    }

    @Test
    void aSleepingGoroutineShowsWaitReasonSleep() throws InterruptedException {
        BlockingQueue<G> self = new ArrayBlockingQueue<>(1);
        Goroutine g = Go.go(() -> {
            self.add(Sched.currentG());
            Time.sleep(Duration.ofMillis(300));
        });
        G sleeper = self.poll(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sleeper.waitReason != WaitReason.SLEEP && g.isAlive() && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(WaitReason.SLEEP, sleeper.waitReason);
        assertEquals(Status.WAITING, sleeper.status);
        assertEquals("sleep", sleeper.waitReason.text());
        assertTrue(g.join(Duration.ofSeconds(10)));
    }

    @Test
    void afterFuncRunsItsFunctionInAGoroutine() throws InterruptedException {
        BlockingQueue<G> ran = new ArrayBlockingQueue<>(1);
        Time.afterFunc(Duration.ofMillis(20), () -> ran.add(Sched.currentG()));
        G g = ran.poll(10, TimeUnit.SECONDS);
        assertFalse(g.foreign, "f runs in a goroutine, not on the timer thread");
        assertNotEquals(0, g.goid);
        assertTrue(g.thread.isVirtual());
    }

    @Test
    void afterFuncStopAndResetReportWhetherTheTimerWasActive() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        BlockingQueue<Integer> ran = new ArrayBlockingQueue<>(4);
        Timer t = Time.afterFunc(HOUR, () -> ran.add(runs.incrementAndGet()));
        assertTrue(t.stop(), "stops an active timer");
        assertFalse(t.stop(), "already stopped");
        assertFalse(t.reset(Duration.ofMillis(10)), "reset of a stopped timer");
        assertEquals(1, ran.poll(10, TimeUnit.SECONDS));
        assertFalse(t.stop(), "f has run");
        assertFalse(t.reset(Duration.ofMillis(10)), "reset of an expired timer");
        assertEquals(2, ran.poll(10, TimeUnit.SECONDS), "a reset AfterFunc timer runs f again");
        Timer u = Time.afterFunc(HOUR, () -> ran.add(-1));
        assertTrue(u.reset(HOUR), "reset of an active timer");
        assertTrue(u.stop());
        assertEquals(null, ran.poll(50, TimeUnit.MILLISECONDS), "a stopped AfterFunc never runs");
    }

    // ---------------------------------------------------------------- the deadlock detector

    /** Main sleeps while another goroutine is blocked for good: a pending timer is no deadlock. */
    static final class SleepingMain {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Sched.gopark(WaitReason.CHAN_RECEIVE));
                Time.sleep(Duration.ofMillis(300));
                System.out.println("main woke");
            });
        }
    }

    @Test
    void aPendingTimerPreventsADeadlockReport() {
        Result r = GoProcess.run(SleepingMain.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("main woke\n", r.stdout(), r::toString);
        assertEquals("", r.stderr(), r::toString);
    }

    /**
     * Once the timers have fired or been stopped, blocking for good is a deadlock again. (Go 1.19
     * hangs here instead: a stopped timer stays in its P's heap until cleaned up, go-behaviour A2.)
     */
    static final class DeadlockAfterSleep {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Time.afterFunc(HOUR, () -> System.out.println("stopped timer ran")).stop();
                Time.afterFunc(Duration.ofMillis(100), () -> System.out.println("f ran"));
                // f's goroutine starts when its timer fires; a second of margin keeps "f ran" first on a loaded machine
                Time.sleep(Duration.ofMillis(1100));
                System.out.println("main woke");
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            });
        }
    }

    @Test
    void afterTheLastTimerFiresADeadlockIsReported() {
        Result r = GoProcess.run(DeadlockAfterSleep.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("f ran\nmain woke\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r::toString);
    }

    /** Go's A3 with GOTRACEBACK=all: the sleeping main goroutine is dumped as {@code [sleep]} in Time.sleep. */
    static final class PanicWhileMainSleeps {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Time.afterFunc(Duration.ofMillis(50), () -> Go.panic("boom"));
                Time.sleep(Duration.ofSeconds(20));
            });
        }
    }

    @Test
    void aSleepingGoroutineIsDumpedAsSleep() {
        Result r = GoProcess.run(PanicWhileMainSleeps.class, Map.of("GOTRACEBACK", "all"));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("panic: boom\n\ngoroutine "), r::toString);
        assertTrue(r.stderr().contains("\ngoroutine 1 [sleep]:\ndev.gort.time.Time.sleep(...)\n"), r::toString);
    }
}
