package dev.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.GoRuntime;
import dev.gort.testing.Goroutines;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** sync.Pool: reuse on one P, New when empty, stealing, the victim cache across collections. */
class PoolTest {

    @Test
    void getReturnsWhatThisGoroutinePut() throws Exception {
        Goroutines.start(() -> {
            Pool<StringBuilder> p = new Pool<>();
            assertNull(p.get(), "empty pool without New");
            StringBuilder a = new StringBuilder(), b = new StringBuilder();
            p.put(a);
            p.put(b);
            p.put(null); // ignored, as in Go
            Set<Object> got = new HashSet<>();
            got.add(p.get());
            got.add(p.get());
            assertEquals(Set.of(a, b), got);
            assertNull(p.get());
        }).join();
    }

    @Test
    void newIsCalledOnlyWhenEmpty() {
        AtomicInteger made = new AtomicInteger();
        Pool<Object> p = new Pool<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        Object x = p.get();
        assertEquals(1, made.get());
        p.put(x);
        assertSame(x, p.get(), "reused");
        assertEquals(1, made.get());
    }

    @Test
    void anotherGoroutineStealsWhatWasPut() throws Exception {
        int n = 100;
        // A busy test JVM collects often, and two collections drop a pool's contents (as in Go):
        // retry until at most one came between the puts and the gets.
        for (int attempt = 1; ; attempt++) {
            Pool<Integer> p = new Pool<>();
            long gcs = numGC();
            Goroutines.start(() -> {
                for (int i = 0; i < n; i++) p.put(i);
            }).join();
            Set<Integer> got = new HashSet<>();
            Goroutines.start(() -> {
                for (Integer x; (x = p.get()) != null; ) got.add(x);
            }).join();
            if (numGC() - gcs >= 2 && attempt < 10) continue;
            // Go's rule: another P steals from the shared deque but never takes a P's private
            // slot, so a getter on the other P finds all but that one object.
            assertTrue(got.size() >= n - 1, "found again wherever it was put: " + got.size() + " of " + n);
            return;
        }
    }

    @Test
    void objectsSurviveOneCollectionAndAreDroppedAtTheSecond() {
        for (int attempt = 1; ; attempt++) {
            Pool<Object> p = new Pool<>();
            Object x = new Object();
            long gcs = numGC();
            p.put(x);
            GoRuntime.gc();
            Object got = p.get();
            if (numGC() - gcs > 1 && attempt < 10) continue; // a collection of its own came between: try again
            assertSame(x, got, "after one collection the victim cache still holds it");
            p.put(x);
            GoRuntime.gc();
            GoRuntime.gc();
            assertNotSame(x, p.get(), "after two collections it is gone");
            return;
        }
    }

    private static long numGC() {
        return GoRuntime.readMemStats().numGC();
    }
}
