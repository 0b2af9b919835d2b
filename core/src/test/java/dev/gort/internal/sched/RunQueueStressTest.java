package dev.gort.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A P's run queue under a real race: one owner thread readies goroutines into it (to the ring and
 * to runnext, past the ring's capacity so overflow batches go "to the global queue") and takes
 * some itself, while thieves steal halves into queues of their own and run what they stole. Every
 * goroutine must be run exactly once: counted once by whoever got it (owner, thief, or the
 * overflow batch), none lost, none twice. A few seconds; the Lincheck model check of the same
 * queue is RunQueueLincheckTest.
 */
class RunQueueStressTest {
    private static final int GOROUTINES = 600_000;
    private static final int THIEVES = 3;

    /** Each G's run count, indexed by goid. */
    private final AtomicIntegerArray runs = new AtomicIntegerArray(GOROUTINES);
    private final AtomicLong stolen = new AtomicLong();

    private void run(G g) {
        runs.incrementAndGet((int) g.goid);
    }

    @Test
    void everyGoroutineRunsExactlyOnceUnderConcurrentReadyAndSteal() throws Exception {
        RunQueue q = new RunQueue();
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> thieves = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < THIEVES; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    steal(q, ownerDone);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "thief-" + t);
            th.start();
            thieves.add(th);
        }
        start.countDown();
        int overflowed = own(q);
        ownerDone.set(true);
        for (Thread th : thieves) {
            th.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!th.isAlive(), th.getName() + " did not finish");
        }
        assertTrue(failures.isEmpty(), () -> "thief failed: " + failures);
        // Whatever is left (thieves stopped first) is the owner's to run.
        for (G g; (g = q.get()) != null; ) run(g);

        for (int i = 0; i < GOROUTINES; i++) {
            assertEquals(1, runs.get(i), "goroutine " + i + " ran " + runs.get(i) + " times");
        }
        assertTrue(stolen.get() > 0, "no thief ever stole: the race was not exercised");
        assertTrue(overflowed > 0, "the ring never overflowed: runqputslow was not exercised");
    }

    /**
     * The owner: readies every goroutine, a fifth of them via runnext; takes one back now and then;
     * runs the batches put() hands back when the ring is full (the global queue's goroutines).
     * Returns how many overflow batches there were.
     */
    private int own(RunQueue q) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int overflows = 0;
        for (int i = 0; i < GOROUTINES; i++) {
            G[] spill = q.put(new G(i, 0, null, false, false), rnd.nextInt(5) == 0);
            if (spill != null) {
                overflows++;
                for (G g : spill) run(g);
            }
            if (rnd.nextInt(3) == 0) {
                G g = q.get();
                if (g != null) run(g);
            }
        }
        return overflows;
    }

    /** A thief: steals half of the victim into its own (empty) queue, runs all of it, repeats. */
    private void steal(RunQueue victim, AtomicBoolean ownerDone) {
        RunQueue mine = new RunQueue();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (!ownerDone.get()) {
            G g = victim.stealInto(mine, rnd.nextBoolean());
            if (g == null) {
                Thread.onSpinWait();
                continue;
            }
            stolen.incrementAndGet();
            run(g);
            for (G h; (h = mine.get()) != null; ) run(h);
        }
    }
}
