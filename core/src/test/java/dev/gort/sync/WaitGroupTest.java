package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** sync.WaitGroup: counting, waking every waiter, Go's misuse panics, the wait reason. */
class WaitGroupTest {

    @Test
    void tenThousandGoroutines() throws Exception {
        int n = 10_000;
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                ran.incrementAndGet();
                wg.done();
            });
        }
        wg.await(); // a plain Java thread waits too
        assertEquals(n, ran.get());
    }

    @Test
    void everyWaiterIsReleasedAndSeesTheWork() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        int waiters = 50;
        AtomicInteger released = new AtomicInteger();
        int[] shared = new int[1];
        Goroutines.Started[] ws = new Goroutines.Started[waiters];
        for (int i = 0; i < waiters; i++) {
            ws[i] = Goroutines.start(() -> {
                wg.await();
                if (shared[0] == 42) released.incrementAndGet();
            });
        }
        for (Goroutines.Started w : ws) Goroutines.awaitParked(w.g(), WaitReason.SYNC_WAITGROUP_WAIT);
        assertEquals("sync.WaitGroup.Wait", ws[0].g().waitReason.text());
        shared[0] = 42;
        wg.done();
        for (Goroutines.Started w : ws) w.join();
        assertEquals(waiters, released.get(), "every waiter returns and sees writes made before done");
        wg.await(); // counter zero: returns at once
    }

    @Test
    void negativeCounterPanicsAndCanBeRecovered() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicReference<Object> inGoroutine = new AtomicReference<>();
        Goroutines.Started g = Goroutines.start(() -> {
            Go.defer(() -> inGoroutine.set(Go.recover()));
            wg.done();
        });
        g.join();
        assertEquals("sync: negative WaitGroup counter", inGoroutine.get());

        AtomicReference<Object> onThread = new AtomicReference<>();
        Go.func(() -> {
            Go.defer(() -> onThread.set(Go.recover()));
            new WaitGroup().add(-2);
        });
        assertEquals("sync: negative WaitGroup counter", onThread.get());
        Panic p = assertThrows(Panic.class, () -> new WaitGroup().add(-1));
        assertInstanceOf(String.class, p.value(), "sync panics with a string, as Go's does");
        assertEquals("sync: negative WaitGroup counter", p.getMessage());
    }

    /** Go's misuse check: the waiter wakes to find the group in use again (deterministic at GOMAXPROCS=1). */
    static final class ReusedBeforeWaitReturned {
        public static void main(String[] args) {
            Go.main(args, () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(wg::await);
                while (!wg.toString().endsWith("waiters=1]")) GoRuntime.gosched();
                wg.done(); // readies the waiter into this P's runnext; it runs when we block
                wg.add(1); // ... which is too late: the group is reused
                wg.await();
            });
        }
    }

    @Test
    void reuseBeforeWaitReturnedPanics() {
        GoProcess.Result r = GoProcess.run(ReusedBeforeWaitReturned.class, Map.of("GOMAXPROCS", "1"));
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("panic: sync: WaitGroup is reused before previous Wait has returned\n"), r.toString());
    }

    @Test
    void reusableAfterWaitReturns() throws Exception {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 100; round++) {
            wg.add(2);
            Go.go(wg::done);
            Go.go(wg::done);
            wg.await();
        }
        assertFalse(wg.toString().contains("counter=-"), wg.toString());
        assertEquals("WaitGroup[counter=0, waiters=0]", wg.toString());
    }
}
