package dev.gort.internal.sched;

import dev.gort.testing.Lincheck;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lincheck on a P's run queue (Go's runqput/runqget/runqsteal), both strategies: the owner's
 * put/putNext/get form one non-parallel group, so Lincheck runs them from a single thread as the
 * queue requires; steals run from any thread, each into a fresh queue of the thief's own, whose
 * goroutines the thief then runs. Every goroutine taken is counted; after each invocation the
 * validation drains the queue and requires every goroutine ever put to have been taken exactly
 * once: none lost, none duplicated, whatever the interleaving.
 *
 * <p>The operations return nothing: the queue is not linearizable as a FIFO, nor even in how
 * many goroutines a steal gets. While the owner's putNext moves the goroutine it displaced from
 * runnext to the ring, a thief that sees an empty ring may take the new runnext, which a
 * sequential queue gives up only after the ring (Go's runqput/runqgrab have the same window;
 * Lincheck found it when the operations returned goids, and again with counts). What the
 * scheduler needs, and what the validation checks in every explored interleaving, is that each
 * goroutine is run exactly once.
 *
 * <p>bin/test runs it in the Lincheck JVM (core/pom.xml, profile lincheck; determinism:
 * {@link Lincheck}); alone: {@code mvn -pl core test -Dtest=RunQueueLincheckTest -Dgort.lincheck=true}.
 * The plain-JUnit race over the same queue is RunQueueStressTest.
 */
@EnabledIfSystemProperty(named = "gort.lincheck", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES) // CPU-bound: ~1 min on two idle cores, ~3 min at load 20
class RunQueueLincheckTest {

    public static class Queue {
        private final RunQueue q = new RunQueue();
        /** Times each goroutine was taken, by goid (more than any scenario puts). */
        private final AtomicIntegerArray taken = new AtomicIntegerArray(256);
        /** Goids handed out by the owner (owner-only, so sequential). */
        private int nextGoid;

        @Operation(nonParallelGroup = "owner")
        public void put() {
            q.put(new G(++nextGoid, 0, null, false, false), false);
        }

        @Operation(nonParallelGroup = "owner")
        public void putNext() {
            q.put(new G(++nextGoid, 0, null, false, false), true);
        }

        @Operation(nonParallelGroup = "owner")
        public void get() {
            take(q.get());
        }

        @Operation
        public void steal() {
            stealInto(false);
        }

        @Operation
        public void stealWithRunnext() {
            stealInto(true);
        }

        /** A thief: steals into a queue of its own, then runs everything it got. */
        private void stealInto(boolean takeRunnext) {
            RunQueue mine = new RunQueue();
            for (G g = q.stealInto(mine, takeRunnext); take(g); g = mine.get()) {
                // each goroutine counted by take
            }
        }

        private boolean take(G g) {
            if (g == null) return false;
            taken.incrementAndGet((int) g.goid);
            return true;
        }

        @Validate
        public void everyGoroutineTakenExactlyOnce() {
            while (take(q.get())) {
                // drain what is still queued
            }
            for (int id = 1; id <= nextGoid; id++) {
                if (taken.get(id) != 1) throw new IllegalStateException("goroutine " + id + " taken " + taken.get(id) + " times");
            }
        }
    }

    @Test
    void runQueueLosesAndDuplicatesNoGoroutine() {
        Lincheck.stress(30, 1000, 3, 4).check(Queue.class);
        Lincheck.modelChecking(30, 300, 3, 3).check(Queue.class);
    }
}
