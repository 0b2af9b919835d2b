package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Goroutines blocked for good in sync primitives are a deadlock, reported with their wait reasons (as Go 1.19 reports a deadlock on a mutex). */
class SyncDeadlockTest {

    /** A goroutine in cond.Wait, one in rw.Lock while main holds rw.RLock, then main locks mu twice. */
    static final class DeadlockMutex {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Mutex mu = new Mutex();
                Cond cond = new Cond(new Mutex());
                RWMutex rw = new RWMutex();
                Go.go(() -> {
                    cond.locker().lock();
                    cond.await();
                });
                rw.rLock();
                Go.go(rw::lock);
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(wg::await);
                while (GoRuntime.numGoroutine() < 4) GoRuntime.gosched();
                mu.lock();
                mu.lock();
            });
        }
    }

    @Test
    void blockedInSyncIsADeadlockWithWaitReasons() {
        GoProcess.Result r = GoProcess.run(DeadlockMutex.class, Map.of());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\n"), r.toString());
        assertTrue(r.stderr().contains("\ngoroutine 1 [sync.Mutex.Lock]:\n"), r.toString());
        for (String reason : new String[] {"sync.Cond.Wait", "sync.RWMutex.Lock", "sync.WaitGroup.Wait"}) {
            assertTrue(r.stderr().contains(" [" + reason + "]:\n"), reason + " in\n" + r);
        }
    }
}
