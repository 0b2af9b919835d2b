package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.BlockProfileRecord;
import dev.gort.runtime.GoRuntime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Block and mutex profiles fed by the sync primitives: Go's sampling rules and stacks. */
class ProfileTest {

    @AfterEach
    void profilesOff() {
        GoRuntime.setBlockProfileRate(0);
        GoRuntime.setMutexProfileFraction(0);
    }

    /** The record whose stack passes through {@code method} of this class, if any. */
    private static Optional<BlockProfileRecord> recordAt(List<BlockProfileRecord> profile, String method) {
        return profile.stream()
                .filter(r -> r.stack().stream().anyMatch(e -> e.getClassName().startsWith(ProfileTest.class.getName())
                        && e.getMethodName().contains(method)))
                .findFirst();
    }

    private static void holdWhileAnotherWaits(Mutex m, long holdMillis) throws Exception {
        m.lock();
        Goroutines.Started g = Goroutines.start(() -> lockedByWaiter(m));
        Goroutines.awaitParked(g.g(), WaitReason.SYNC_MUTEX_LOCK);
        Thread.sleep(holdMillis);
        unlockedByHolder(m);
        g.join();
    }

    private static void lockedByWaiter(Mutex m) {
        m.lock();
        m.unlock();
    }

    private static void unlockedByHolder(Mutex m) {
        m.unlock();
    }

    @Test
    void contendedLockIsInTheBlockProfileAtTheWaitersStack() throws Exception {
        GoRuntime.setBlockProfileRate(1);
        holdWhileAnotherWaits(new Mutex(), 20);
        BlockProfileRecord r = recordAt(GoRuntime.blockProfile(), "lockedByWaiter").orElseThrow();
        assertTrue(r.count() >= 1, r.toString());
        assertTrue(r.cycles() >= 15_000_000, "cycles are ns, and the waiter waited ~20 ms: " + r);
        StackTraceElement top = r.stack().get(0);
        assertEquals(Mutex.class.getName(), top.getClassName(), "runtime-internal frames dropped, sync's kept: " + r);
        assertTrue(r.stack().size() <= 32);
    }

    @Test
    void unlockThatWakesAWaiterIsInTheMutexProfileAtTheUnlockersStack() throws Exception {
        assertEquals(0, GoRuntime.setMutexProfileFraction(1));
        assertEquals(1, GoRuntime.setMutexProfileFraction(-1), "a negative rate only reads");
        holdWhileAnotherWaits(new Mutex(), 20);
        BlockProfileRecord r = recordAt(GoRuntime.mutexProfile(), "unlockedByHolder").orElseThrow();
        assertTrue(r.count() >= 1, r.toString());
        assertTrue(r.cycles() >= 15_000_000, "the waiter's delay, in ns: " + r);
        assertTrue(recordAt(GoRuntime.mutexProfile(), "lockedByWaiter").isEmpty(), "the waiter's stack is not the contention site");
    }

    @Test
    void profilesOffRecordNothing() throws Exception {
        List<BlockProfileRecord> block = GoRuntime.blockProfile();
        List<BlockProfileRecord> mutex = GoRuntime.mutexProfile();
        Mutex m = new Mutex();
        m.lock();
        Goroutines.Started g = Goroutines.start(() -> profilesOffWaiter(m));
        Goroutines.awaitParked(g.g(), WaitReason.SYNC_MUTEX_LOCK);
        m.unlock();
        g.join();
        assertTrue(recordAt(GoRuntime.blockProfile(), "profilesOffWaiter").isEmpty());
        assertEquals(block.size(), GoRuntime.blockProfile().size());
        assertEquals(mutex.size(), GoRuntime.mutexProfile().size());
    }

    private static void profilesOffWaiter(Mutex m) {
        m.lock();
        m.unlock();
    }

    /** Go's rule: an event at least {@code rate} ns long is always recorded, as one event of its length. */
    @Test
    void longEventsAreAlwaysSampledAtTheirLength() throws Exception {
        GoRuntime.setBlockProfileRate(5_000_000); // 5 ms
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Goroutines.Started g = Goroutines.start(() -> waitGroupWaiter(wg));
        Goroutines.awaitParked(g.g(), WaitReason.SYNC_WAITGROUP_WAIT);
        Thread.sleep(30);
        wg.done();
        g.join();
        BlockProfileRecord r = recordAt(GoRuntime.blockProfile(), "waitGroupWaiter").orElseThrow();
        assertEquals(1, r.count());
        assertTrue(r.cycles() >= 25_000_000, r.toString());
    }

    private static void waitGroupWaiter(WaitGroup wg) {
        wg.await();
    }
}
