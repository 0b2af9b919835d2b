package dev.gort.sync;

import dev.gort.testing.Goroutines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** sync.RWMutex: shared readers, exclusive writers, writer preference, try-locks, fatal errors. */
class RWMutexTest {

    @Test
    void readersShareWritersExclude() throws Exception {
        int old = GoRuntime.gomaxprocs(2);
        try {
            RWMutex rw = new RWMutex();
            int[] data = new int[2]; // a writer keeps data[0] == data[1]
            AtomicInteger torn = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            int writers = 4, readers = 8, rounds = 5_000;
            wg.add(writers + readers);
            for (int i = 0; i < writers; i++) {
                Go.go(() -> {
                    for (int k = 0; k < rounds; k++) {
                        rw.lock();
                        data[0]++;
                        data[1]++;
                        rw.unlock();
                    }
                    wg.done();
                });
            }
            for (int i = 0; i < readers; i++) {
                Locker r = rw.rLocker();
                Go.go(() -> {
                    for (int k = 0; k < rounds; k++) {
                        r.lock();
                        if (data[0] != data[1]) torn.incrementAndGet();
                        r.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
            assertEquals(0, torn.get(), "a reader saw a half-done write");
            rw.rLock();
            assertEquals(writers * rounds, data[0]);
            rw.rUnlock();
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    @Test
    void manyReadersAtOnce() {
        RWMutex rw = new RWMutex();
        for (int i = 0; i < 100; i++) assertTrue(rw.tryRLock());
        assertFalse(rw.tryLock(), "readers hold it");
        for (int i = 0; i < 100; i++) rw.rUnlock();
        assertTrue(rw.tryLock());
        assertFalse(rw.tryRLock(), "a writer holds it");
        assertFalse(rw.tryLock());
        rw.unlock();
    }

    /** A pending writer blocks new readers; it gets the lock when the old readers leave, before the new ones. */
    @Test
    void pendingWriterBlocksNewReaders() throws Exception {
        RWMutex rw = new RWMutex();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        rw.rLock(); // reader R1: this thread
        Goroutines.Started writer = Goroutines.start(() -> {
            rw.lock();
            order.add("W");
            rw.unlock();
        });
        Goroutines.awaitParked(writer.g(), WaitReason.SYNC_RWMUTEX_LOCK);
        assertEquals("sync.RWMutex.Lock", writer.g().waitReason.text());
        assertFalse(rw.tryRLock(), "a pending writer keeps new readers out");
        Goroutines.Started reader = Goroutines.start(() -> {
            rw.rLock();
            order.add("R2");
            rw.rUnlock();
        });
        Goroutines.awaitParked(reader.g(), WaitReason.SYNC_RWMUTEX_RLOCK);
        assertEquals("sync.RWMutex.RLock", reader.g().waitReason.text());
        assertTrue(order.isEmpty());
        rw.rUnlock(); // the last old reader leaves: the writer goes first
        writer.join();
        reader.join();
        assertEquals(List.of("W", "R2"), order);
    }

    @Test
    void secondWriterWaitsOnTheWriterMutex() throws Exception {
        RWMutex rw = new RWMutex();
        rw.lock();
        Goroutines.Started w2 = Goroutines.start(() -> {
            rw.lock();
            rw.unlock();
        });
        // Go's RWMutex serialises writers with a Mutex: the second writer waits in Mutex.Lock.
        Goroutines.awaitParked(w2.g(), WaitReason.SYNC_MUTEX_LOCK);
        rw.unlock();
        w2.join();
    }

    @Test
    void rUnlockOfUnlockedIsAFatalError() {
        MutexTest.assertFatal("rwmutex-runlock", "sync: RUnlock of unlocked RWMutex");
    }

    @Test
    void unlockOfUnlockedIsAFatalError() {
        MutexTest.assertFatal("rwmutex-unlock", "sync: Unlock of unlocked RWMutex");
        MutexTest.assertFatal("rwmutex-unlock-readlocked", "sync: Unlock of unlocked RWMutex");
    }
}
