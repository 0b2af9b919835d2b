package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import dev.gort.internal.sched.WaitReason;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** sync.Once: one call under concurrency, callers wait for it, a panicking f counts as done. */
class OnceTest {

    @Test
    void runsOnceAndEveryCallerSeesItsEffects() throws Exception {
        Once once = new Once();
        AtomicInteger calls = new AtomicInteger();
        int[] value = new int[1];
        AtomicInteger sawValue = new AtomicInteger();
        int n = 200;
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                once.run(() -> {
                    calls.incrementAndGet();
                    value[0] = 7;
                });
                if (value[0] == 7) sawValue.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(1, calls.get());
        assertEquals(n, sawValue.get(), "no call returns before f has returned");
    }

    @Test
    void callersWaitWhileTheFirstRuns() throws Exception {
        Once once = new Once();
        Mutex gate = new Mutex();
        gate.lock();
        Goroutines.Started first = Goroutines.start(() -> once.run(() -> {
            gate.lock(); // f blocks until the test lets it finish
            gate.unlock();
        }));
        Goroutines.awaitParked(first.g(), WaitReason.SYNC_MUTEX_LOCK);
        AtomicInteger secondCalls = new AtomicInteger();
        Goroutines.Started second = Goroutines.start(() -> once.run(secondCalls::incrementAndGet));
        Goroutines.awaitParked(second.g(), WaitReason.SYNC_MUTEX_LOCK); // Once's own mutex
        gate.unlock();
        first.join();
        second.join();
        assertEquals(0, secondCalls.get());
    }

    @Test
    void panickingFunctionCountsAsDone() throws Exception {
        Once once = new Once();
        AtomicReference<Object> recovered = new AtomicReference<>();
        Goroutines.start(() -> {
            Go.defer(() -> recovered.set(Go.recover()));
            once.run(() -> Go.panic("boom"));
        }).join();
        assertEquals("boom", recovered.get());
        AtomicInteger again = new AtomicInteger();
        once.run(again::incrementAndGet);
        assertEquals(0, again.get(), "Go's Once: a panic in f still counts as done");
    }
}
