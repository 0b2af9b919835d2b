package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** sync.Mutex: exclusion, tryLock, wait reason, starvation mode, Go's fatal error. */
class MutexTest {

    @Test
    void mutualExclusionUnderContentionAtGomaxprocs2() throws Exception {
        int old = GoRuntime.gomaxprocs(2);
        try {
            Mutex m = new Mutex();
            long[] counter = new long[1]; // plain field: only the lock orders the increments
            int goroutines = 8, perGoroutine = 20_000;
            WaitGroup wg = new WaitGroup();
            wg.add(goroutines);
            for (int i = 0; i < goroutines; i++) {
                Go.go(() -> {
                    for (int k = 0; k < perGoroutine; k++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                    wg.done();
                });
            }
            // Plain Java threads contend for the same mutex.
            Thread[] ts = new Thread[2];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = new Thread(() -> {
                    for (int k = 0; k < perGoroutine; k++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                });
                ts[i].start();
            }
            wg.await();
            for (Thread t : ts) t.join();
            m.lock();
            assertEquals((long) (goroutines + ts.length) * perGoroutine, counter[0]);
            m.unlock();
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    @Test
    void tryLockAndHandOverBetweenGoroutines() throws Exception {
        Mutex m = new Mutex();
        assertTrue(m.tryLock());
        assertFalse(m.tryLock());
        // Go's Mutex is not owned: another goroutine may unlock it.
        Goroutines.start(m::unlock).join();
        assertTrue(m.tryLock());
        m.unlock();
    }

    @Test
    void blockedLockShowsItsWaitReason() throws Exception {
        Mutex m = new Mutex();
        m.lock();
        Goroutines.Started g = Goroutines.start(() -> {
            m.lock();
            m.unlock();
        });
        Goroutines.awaitParked(g.g(), WaitReason.SYNC_MUTEX_LOCK);
        assertEquals("sync.Mutex.Lock", g.g().waitReason.text());
        m.unlock();
        g.join();
    }

    /**
     * Starvation mode, observed: waiter W has waited well over 1 ms when the holder unlocks and at
     * once re-locks (barging, as a running goroutine does in normal mode). W wakes, loses, and
     * switches the mutex to starvation mode. From then on the next unlock hands the mutex to W, so
     * the holder's immediate re-lock (which won in normal mode) queues behind W and behind B, who
     * arrived meanwhile.
     */
    @Test
    void waiterThatWaitedOverOneMillisecondGetsTheLockNext() throws Exception {
        Mutex m = new Mutex();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        for (int attempt = 0; ; attempt++) {
            assertTrue(attempt < 50, "the barging re-lock never beat the woken waiter");
            order.clear();
            m.lock();
            AtomicBoolean wGotIt = new AtomicBoolean();
            Goroutines.Started w = Goroutines.start(() -> {
                m.lock();
                wGotIt.set(true);
                order.add("W");
                m.unlock();
            });
            Goroutines.awaitParked(w.g(), WaitReason.SYNC_MUTEX_LOCK);
            Thread.sleep(5); // W now has waited over the 1 ms threshold
            m.unlock();
            m.lock(); // barge
            Goroutines.awaitTrue(() -> m.starving() || wGotIt.get(), "W reacted");
            if (wGotIt.get()) {
                // W won the race against the re-lock (we hold the lock now): try again.
                m.unlock();
                w.join();
                continue;
            }
            Goroutines.awaitParked(w.g(), WaitReason.SYNC_MUTEX_LOCK);
            assertTrue(m.starving(), m.toString());
            Goroutines.Started b = Goroutines.start(() -> {
                m.lock();
                order.add("B");
                m.unlock();
            });
            Goroutines.awaitParked(b.g(), WaitReason.SYNC_MUTEX_LOCK); // B did not barge in
            m.unlock(); // hands the mutex to W ...
            m.lock(); // ... so this barging attempt now queues behind W and B
            order.add("T");
            m.unlock();
            w.join();
            b.join();
            assertEquals(List.of("W", "B", "T"), order);
            assertFalse(m.starving(), "the last waiter leaves starvation mode: " + m);
            assertTrue(m.tryLock());
            m.unlock();
            return;
        }
    }

    /** A program that unlocks an unlocked mutex, trying (in vain) to recover. */
    static final class UnlockOfUnlocked {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.defer(() -> System.out.println("recovered " + Go.recover()));
                switch (args[0]) {
                    case "mutex" -> new Mutex().unlock();
                    case "rwmutex-runlock" -> new RWMutex().rUnlock();
                    case "rwmutex-unlock" -> new RWMutex().unlock();
                    case "rwmutex-unlock-readlocked" -> {
                        RWMutex rw = new RWMutex();
                        rw.rLock();
                        rw.unlock();
                    }
                    default -> throw new IllegalArgumentException(args[0]);
                }
            });
        }
    }

    static void assertFatal(String variant, String message) {
        GoProcess.Result r = GoProcess.run(UnlockOfUnlocked.class, Map.of(), variant);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("fatal error: " + message + "\n"), r.toString());
        assertFalse(r.stdout().contains("recovered"), "a fatal error is not a panic: " + r);
        // Go's fatal: the faulting goroutine first, [running], from the faulting call down; no frame
        // of the dump's own machinery (once nine java.util.stream frames)
        assertTrue(r.stderr().startsWith("fatal error: " + message + "\n\ngoroutine 1 [running]:\ndev.gort.sync."), r.toString());
        assertFalse(r.stderr().contains("java.util.stream"), r.toString());
    }

    @Test
    void unlockOfUnlockedMutexIsAFatalError() {
        assertFatal("mutex", "sync: unlock of unlocked mutex");
    }
}
