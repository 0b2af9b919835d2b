package dev.gort.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.Goroutines;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The goroutine registry ({@link AllGs}): goroutines spawned on every P and from a plain thread,
 * blocked, then released to end wherever they are woken, are each listed exactly once while they
 * live, counted by NumGoroutine, and gone (with every stripe's slots consistent) once they end.
 */
class AllGsTest {

    @Test
    void goroutinesSpawnedAndEndedOnEveryProcessorAreListedOnceWhileTheyLive() throws InterruptedException {
        int old = Sched.gomaxprocs(2);
        try {
            int spawners = 4, each = 300;
            Chan<Boolean> release = new Chan<>();
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            CountDownLatch started = new CountDownLatch(spawners * each + each);
            CountDownLatch ended = new CountDownLatch(spawners * each + each);
            int before = GoRuntime.numGoroutine();
            for (int s = 0; s < spawners; s++) {
                Go.go(() -> {
                    for (int i = 0; i < each; i++) spawnBlocked(release, ids, started, ended);
                });
            }
            for (int i = 0; i < each; i++) spawnBlocked(release, ids, started, ended); // from this plain thread
            assertTrue(started.await(Goroutines.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "every goroutine started");

            List<G> all = Sched.allGoroutines();
            Set<Long> listed = new HashSet<>();
            for (G g : all) if (ids.contains(g.goid)) assertTrue(listed.add(g.goid), "listed twice: " + g);
            assertEquals(ids.size(), listed.size(), "every blocked goroutine is listed");
            assertEquals(spawners * each + each, ids.size(), "ids are unique");
            assertTrue(GoRuntime.numGoroutine() >= before + ids.size());
            assertNull(AllGs.invariantError());

            release.close();
            assertTrue(ended.await(Goroutines.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "every goroutine ended");
            Goroutines.awaitTrue(() -> Sched.allGoroutines().stream().noneMatch(g -> ids.contains(g.goid)), "ended goroutines unlisted");
            assertNull(AllGs.invariantError());
        } finally {
            Sched.gomaxprocs(old);
        }
    }

    private static void spawnBlocked(Chan<Boolean> release, Set<Long> ids, CountDownLatch started, CountDownLatch ended) {
        Go.go(() -> {
            ids.add(Sched.currentG().goid);
            started.countDown();
            release.recv();
            ended.countDown();
        });
    }
}
