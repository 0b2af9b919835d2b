package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import dev.gort.time.Time;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The scheduler: spawning, GOMAXPROCS (enforced and live), park/ready, LockOSThread. */
class SchedulerTest {

    @Test
    void customSchedulerIsInUse() {
        assertTrue(Sched.CUSTOM, "tests run with --add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void hundredThousandGoroutinesSpawnAndJoin() throws Exception {
        int n = 100_000;
        AtomicInteger ran = new AtomicInteger();
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Goroutine[] gs = new Goroutine[n];
        for (int i = 0; i < n; i++) {
            gs[i] = Go.go(() -> {
                ids.add(Sched.currentG().goid);
                ran.incrementAndGet();
            });
        }
        for (Goroutine g : gs) assertTrue(g.join(Duration.ofSeconds(60)));
        assertEquals(n, ran.get());
        assertEquals(n, ids.size(), "every goroutine has its own id");
        assertTrue(ids.stream().allMatch(id -> id > 1), "1 is main's");
    }

    /** Runs `workers` CPU-bound goroutines that yield now and then; returns the most seen running at once. */
    private static int maxConcurrency(int workers) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Goroutine[] gs = new Goroutine[workers];
        for (int w = 0; w < workers; w++) {
            gs[w] = Go.go(() -> {
                for (int round = 0; round < 20; round++) {
                    int now = running.incrementAndGet();
                    max.accumulateAndGet(now, Math::max);
                    long until = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    running.decrementAndGet();
                    GoRuntime.gosched();
                }
            });
        }
        for (Goroutine g : gs) assertTrue(g.join(Duration.ofSeconds(60)));
        return max.get();
    }

    @Test
    void gomaxprocsOneRunsOneGoroutineAtATimeAndChangesLive() throws Exception {
        int old = GoRuntime.gomaxprocs(1);
        try {
            assertEquals(1, GoRuntime.gomaxprocs(0));
            assertEquals(1, maxConcurrency(4), "GOMAXPROCS=1: one goroutine runs Java code at a time");
            assertEquals(1, GoRuntime.gomaxprocs(2), "returns the previous setting");
            assertEquals(2, maxConcurrency(4), "raised live to 2: two run at once");
            GoRuntime.gomaxprocs(1);
            assertEquals(1, maxConcurrency(4), "lowered live back to 1");
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    /**
     * Two goroutines handing a value back and forth at GOMAXPROCS=1 ready each other into runnext
     * for ever; a goroutine waiting in the P's queue must still run once their time slice (Go's
     * inheritTime: 10 ms) is used up. Before the slice existed it waited as long as the pair ran.
     */
    @Test
    void aPingPongPairDoesNotStarveTheQueueAtGomaxprocsOne() throws Exception {
        int old = GoRuntime.gomaxprocs(1);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            CountDownLatch queuedRan = new CountDownLatch(1);
            Chan<Integer> ping = new Chan<>(), pong = new Chan<>();
            Go.go(() -> {
                Go.go(() -> {
                    for (Integer v : ping) pong.send(v);
                });
                Time.sleep(Duration.ofMillis(20)); // the partner parks in ping.recv meanwhile
                // The new goroutine takes runnext; the first send readies the partner into runnext and
                // moves it to the queue, where only the end of the pair's time slice lets it out.
                Go.go(queuedRan::countDown);
                while (!stop.get()) {
                    ping.send(1);
                    pong.recv();
                }
                ping.close();
            });
            // ~60 ms with the slice (the sleep included); 2.3 to 4.7 s without it
            assertTrue(queuedRan.await(1, TimeUnit.SECONDS), "the queued goroutine ran while the pair ping-ponged");
        } finally {
            stop.set(true);
            GoRuntime.gomaxprocs(old);
        }
    }

    @Test
    void gomaxprocsIgnoresNonPositive() {
        int cur = GoRuntime.gomaxprocs(0);
        assertEquals(cur, GoRuntime.gomaxprocs(-3));
        assertEquals(cur, GoRuntime.gomaxprocs(0));
    }

    @Test
    void parkAndReadyBetweenGoroutines() throws Exception {
        AtomicReference<G> parked = new AtomicReference<>();
        CountDownLatch woke = new CountDownLatch(1);
        Go.go(() -> {
            parked.set(Sched.currentG());
            Sched.gopark(WaitReason.CHAN_RECEIVE);
            woke.countDown();
        });
        while (parked.get() == null || !parked.get().isParked()) Thread.sleep(1);
        assertEquals(WaitReason.CHAN_RECEIVE, parked.get().waitReason);
        assertEquals(1, woke.getCount(), "still parked");
        Go.go(() -> Sched.goready(parked.get()));
        assertTrue(woke.await(10, TimeUnit.SECONDS));
    }

    @Test
    void readyBeforeParkIsNotLost() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Sched.goready(Sched.currentG());
            Sched.gopark(WaitReason.SELECT);
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void pingPongMillionHandOffs() throws Exception {
        int rounds = 200_000;
        AtomicReference<G> a = new AtomicReference<>(), b = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(2), done = new CountDownLatch(2);
        // Each side parks, then readies the other: a strict alternation of hand-offs.
        Go.go(() -> {
            a.set(Sched.currentG());
            ready.countDown();
            ready.await();
            for (int i = 0; i < rounds; i++) {
                Sched.goready(b.get());
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            }
            Sched.goready(b.get());
            done.countDown();
        });
        Go.go(() -> {
            b.set(Sched.currentG());
            ready.countDown();
            ready.await();
            for (int i = 0; i < rounds; i++) {
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                Sched.goready(a.get());
            }
            Sched.gopark(WaitReason.CHAN_RECEIVE);
            done.countDown();
        });
        assertTrue(done.await(60, TimeUnit.SECONDS));
    }

    @Test
    void aGoroutineReadiedByOneThatKeepsRunningIsPickedUpByAnotherP() throws Exception {
        int old = GoRuntime.gomaxprocs(2);
        try {
            AtomicReference<G> waiter = new AtomicReference<>();
            CountDownLatch parked = new CountDownLatch(1);
            AtomicInteger ranAfterMillis = new AtomicInteger(-1);
            long[] readiedAt = new long[1];
            Go.go(() -> {
                waiter.set(Sched.currentG());
                parked.countDown();
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                ranAfterMillis.set((int) ((System.nanoTime() - readiedAt[0]) / 1_000_000));
            });
            assertTrue(parked.await(10, TimeUnit.SECONDS));
            while (!waiter.get().isParked()) Thread.sleep(1);
            Goroutine hog = Go.go(() -> {
                readiedAt[0] = System.nanoTime();
                Sched.goready(waiter.get()); // into this P's runnext...
                long until = System.nanoTime() + 300_000_000L; // ...and then never blocks for 300 ms
                while (System.nanoTime() < until) Thread.onSpinWait();
            });
            assertTrue(hog.join(Duration.ofSeconds(10)));
            assertTrue(ranAfterMillis.get() >= 0 && ranAfterMillis.get() < 200,
                    "the readied goroutine ran on the other P after " + ranAfterMillis.get() + " ms, not after the hog");
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    @Test
    void numGoroutineCountsLiveGoroutines() throws Exception {
        // Earlier tests' goroutines may still be finishing; counting from a moving base is racy.
        awaitNumGoroutine(0);
        int before = GoRuntime.numGoroutine();
        CountDownLatch release = new CountDownLatch(1);
        Goroutine[] gs = new Goroutine[10];
        for (int i = 0; i < gs.length; i++) gs[i] = Go.go(() -> release.await());
        assertTrue(GoRuntime.numGoroutine() >= before + 10);
        release.countDown();
        for (Goroutine g : gs) g.join();
        awaitNumGoroutine(before);
    }

    private static void awaitNumGoroutine(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (GoRuntime.numGoroutine() > n && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(n, GoRuntime.numGoroutine());
    }

    @Test
    void goschedKeepsTheGoroutineRunnable() throws Exception {
        int old = GoRuntime.gomaxprocs(1);
        try {
            StringBuffer order = new StringBuffer();
            CountDownLatch done = new CountDownLatch(2);
            Go.go(() -> {
                for (int i = 0; i < 3; i++) {
                    order.append('a');
                    GoRuntime.gosched();
                }
                done.countDown();
            });
            Go.go(() -> {
                for (int i = 0; i < 3; i++) {
                    order.append('b');
                    GoRuntime.gosched();
                }
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(6, order.length());
            assertTrue(order.indexOf("ab") >= 0 || order.indexOf("ba") >= 0, "they interleave: " + order);
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    private static String tid() {
        try {
            Path p = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return p.getFileName().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lockOSThreadKeepsOneThreadAcrossBlockingOperations() throws Exception {
        AtomicReference<Set<String>> lockedTids = new AtomicReference<>();
        AtomicReference<String> afterUnlock = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Object monitor = new Object();
        Goroutine g = Go.go(() -> {
            try {
                GoRuntime.lockOSThread();
                GoRuntime.lockOSThread(); // nests
                Set<String> tids = new HashSet<>();
                for (int i = 0; i < 1000; i++) {
                    switch (i % 5) {
                        case 0 -> Thread.sleep(0, 50_000);
                        case 1 -> LockSupport.parkNanos(20_000);
                        case 2 -> GoRuntime.gosched();
                        case 3 -> {
                            synchronized (monitor) {
                                monitor.wait(0, 10_000);
                            }
                        }
                        default -> Thread.yield();
                    }
                    tids.add(tid());
                }
                lockedTids.set(tids);
                GoRuntime.unlockOSThread();
                assertEquals(1, Sched.lockedCount(), "still locked once");
                GoRuntime.unlockOSThread();
                GoRuntime.gosched();
                afterUnlock.set(tid());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertTrue(g.join(Duration.ofSeconds(60)));
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(1, lockedTids.get().size(), "one OS thread while locked: " + lockedTids.get());
        assertNotEquals(lockedTids.get().iterator().next(), afterUnlock.get(), "back on the scheduler's threads");
    }

    @Test
    void goroutineExitingLockedEndsItsThread() throws Exception {
        AtomicReference<Thread> carrier = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            GoRuntime.lockOSThread();
            String self = Thread.currentThread().toString(); // VirtualThread[#22]/runnable@gort-locked-m5
            String name = self.substring(self.lastIndexOf('@') + 1);
            assertTrue(name.startsWith("gort-locked-m"), self);
            Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().ifPresent(carrier::set);
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertTrue(carrier.get() != null, "the locked thread existed");
        carrier.get().join(10_000);
        assertTrue(!carrier.get().isAlive(), "and ended with its goroutine");
    }

    @Test
    void plainThreadsCanLockTrivially() {
        GoRuntime.lockOSThread();
        GoRuntime.unlockOSThread();
        assertEquals(0, Sched.lockedCount());
    }

    @Test
    void constantsUseGoSpellings() {
        assertEquals("linux", GoRuntime.GOOS);
        assertTrue(Set.of("amd64", "arm64").contains(GoRuntime.GOARCH));
        assertEquals("gort", GoRuntime.COMPILER);
        assertTrue(GoRuntime.version().startsWith("gort"));
        assertTrue(GoRuntime.numCPU() >= 1);
        assertTrue(Files.isDirectory(Path.of(GoRuntime.goroot())));
    }

    @Test
    void goexitIsNotCatchableAsException() {
        assertThrows(Error.class, GoRuntime::goexit);
    }
}
