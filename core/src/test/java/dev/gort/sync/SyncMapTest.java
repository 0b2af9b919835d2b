package dev.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** sync.Map: Go's two-result methods, nil keys and values, and no lost update under 8 goroutines. */
class SyncMapTest {

    @Test
    void methodsGiveGosResults() {
        SyncMap<String, Integer> m = new SyncMap<>();
        assertEquals(new SyncMap.Result<Integer>(null, false), m.load("a"));
        m.store("a", 1);
        assertEquals(new SyncMap.Result<>(1, true), m.load("a"));
        assertEquals(new SyncMap.Result<>(1, true), m.loadOrStore("a", 2), "existing value, loaded");
        assertEquals(new SyncMap.Result<>(3, false), m.loadOrStore("b", 3), "stored value, not loaded");
        assertEquals(new SyncMap.Result<>(3, true), m.swap("b", 4));
        assertEquals(new SyncMap.Result<Integer>(null, false), m.swap("c", 5));
        assertFalse(m.compareAndSwap("a", 9, 10));
        assertTrue(m.compareAndSwap("a", 1, 10));
        assertFalse(m.compareAndSwap("zz", null, 1), "Go: an absent key does not compare equal to nil");
        assertFalse(m.compareAndDelete("a", 1));
        assertTrue(m.compareAndDelete("a", 10));
        assertEquals(new SyncMap.Result<>(4, true), m.loadAndDelete("b"));
        assertEquals(new SyncMap.Result<Integer>(null, false), m.loadAndDelete("b"));
        m.delete("c");
        Map<String, Integer> seen = new HashMap<>();
        m.store("x", 1);
        m.store("y", 2);
        m.range((k, v) -> seen.put(k, v) == null);
        assertEquals(Map.of("x", 1, "y", 2), seen);
        int[] visits = {0};
        m.range((k, v) -> ++visits[0] < 1);
        assertEquals(1, visits[0], "range stops when f returns false");
        m.clear();
        assertFalse(m.load("x").ok());
    }

    @Test
    void nilKeysAndValuesAreEntriesLikeAnyOther() {
        SyncMap<String, String> m = new SyncMap<>();
        m.store(null, "for nil");
        m.store("k", null);
        assertEquals(new SyncMap.Result<>("for nil", true), m.load(null));
        assertEquals(new SyncMap.Result<String>(null, true), m.load("k"), "present, with a nil value");
        assertTrue(m.compareAndSwap("k", null, "v"));
        Map<String, String> seen = new HashMap<>();
        m.range((k, v) -> {
            seen.put(k, v);
            return true;
        });
        assertEquals("for nil", seen.get(null));
        assertNull(m.loadAndDelete("missing").value());
    }

    @Test
    void eightGoroutinesOfMixedOperationsLoseNothing() throws Exception {
        SyncMap<Integer, Long> m = new SyncMap<>();
        int goroutines = 8, keys = 16, rounds = 20_000;
        ConcurrentHashMap<Integer, AtomicLong> expectedAdds = new ConcurrentHashMap<>();
        SyncMap<Integer, Object> firstWins = new SyncMap<>();
        Object[] winners = new Object[goroutines];
        WaitGroup wg = new WaitGroup();
        wg.add(goroutines);
        for (int w = 0; w < goroutines; w++) {
            int me = w;
            Go.go(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                Object mine = new Object();
                winners[me] = firstWins.loadOrStore(0, mine).value(); // everyone sees one winner
                for (int i = 0; i < rounds; i++) {
                    int k = rnd.nextInt(keys);
                    switch (rnd.nextInt(4)) {
                        case 0 -> { // add 1 with a CAS loop: lost updates would show in the sum
                            for (;;) {
                                SyncMap.Result<Long> cur = m.loadOrStore(k, 1L);
                                if (!cur.ok()) break;
                                if (m.compareAndSwap(k, cur.value(), cur.value() + 1)) break;
                            }
                            expectedAdds.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
                        }
                        case 1 -> m.load(k);
                        case 2 -> m.range((key, v) -> true);
                        default -> { // swap in the same value: must never lose a concurrent add
                            SyncMap.Result<Long> cur = m.load(k);
                            if (cur.ok()) m.compareAndSwap(k, cur.value(), cur.value());
                        }
                    }
                }
                wg.done();
            });
        }
        wg.await();
        for (int k = 0; k < keys; k++) {
            AtomicLong want = expectedAdds.get(k);
            SyncMap.Result<Long> got = m.load(k);
            assertEquals(want == null ? 0 : want.get(), got.ok() ? got.value() : 0, "key " + k);
        }
        for (Object w : winners) assertTrue(w == winners[0], "loadOrStore: one value wins for all");
    }
}
