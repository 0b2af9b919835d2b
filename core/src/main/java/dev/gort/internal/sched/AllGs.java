package dev.gort.internal.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every live goroutine: Go's {@code allgs}, striped by the P that spawned it.
 *
 * <p>Spawning and ending a goroutine is the hot path (Go's CreateGoroutines benchmarks: a few
 * hundred ns per goroutine on the JVM); readers (goroutine dumps, NumGoroutine, goroutine profiles,
 * schedtrace, the deadlock probe) are rare. So a goroutine is registered in one of
 * {@link #STRIPES} small arrays, chosen by the spawning P's id (by thread id for a spawn from a
 * plain thread), under that stripe's own monitor: goroutines spawned on different P's touch
 * different locks and cache lines, and an uncontended monitor costs about one CAS. A goroutine
 * leaves at its exit from the same stripe (it remembers which and where: O(1), the last entry
 * moves into its slot), usually on the P that spawned it. A concurrent hash set, used before,
 * cost a node allocation, a CAS on a shared table and a shared size counter per spawn and again
 * per exit.
 *
 * <p>Invariant, per stripe under its monitor: {@code gs[0, n)} holds that stripe's registered
 * goroutines, each once, and each {@code g.allgIndex} is its slot; {@code gs[n, length)} is null.
 * Readers take each stripe's monitor in turn, so a goroutine registered before a read began is
 * seen by it (as with the set, a read is not one atomic snapshot of all stripes). The monitors
 * are leaves: nothing else is locked, nothing parks and nothing is called out while one is held.
 */
final class AllGs {
    private AllGs() {}

    /** A power of two ≥ twice the CPU count: with GOMAXPROCS ≤ that, each P has a stripe of its own. */
    static final int STRIPES = Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1);
    private static final int MIN_CAPACITY = 16;
    private static final Stripe[] TABLE = new Stripe[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) TABLE[i] = new Stripe();
    }

    /**
     * One stripe, its fields guarded by its monitor. Padded so that two stripes never share a cache
     * line (the monitor's word is in the header, the fields right after it).
     */
    static final class Stripe {
        G[] gs = new G[MIN_CAPACITY];
        int n;
        @SuppressWarnings("unused") private long pad0, pad1, pad2, pad3, pad4, pad5, pad6;
    }

    /** Registers {@code g}, spawned on the P (or by the thread) numbered {@code hint}. */
    static void add(G g, long hint) {
        Stripe s = TABLE[(int) hint & (STRIPES - 1)];
        synchronized (s) {
            int i = s.n;
            if (i == s.gs.length) s.gs = Arrays.copyOf(s.gs, 2 * i);
            s.gs[i] = g;
            s.n = i + 1;
            g.allgStripe = s;
            g.allgIndex = i;
        }
    }

    /** Unregisters {@code g} (registered, not yet removed). */
    static void remove(G g) {
        Stripe s = g.allgStripe;
        synchronized (s) {
            int last = s.n - 1;
            G moved = s.gs[last];
            s.gs[g.allgIndex] = moved;
            moved.allgIndex = g.allgIndex;
            s.gs[last] = null;
            s.n = last;
            if (last < s.gs.length / 4 && s.gs.length > MIN_CAPACITY) s.gs = Arrays.copyOf(s.gs, s.gs.length / 2);
        }
        g.allgStripe = null;
    }

    /** How many goroutines are registered. */
    static int size() {
        int total = 0;
        for (Stripe s : TABLE) {
            synchronized (s) {
                total += s.n;
            }
        }
        return total;
    }

    /** A copy of every registered goroutine, stripe by stripe. */
    static List<G> snapshot() {
        List<G> all = new ArrayList<>();
        for (Stripe s : TABLE) {
            synchronized (s) {
                for (int i = 0; i < s.n; i++) all.add(s.gs[i]);
            }
        }
        return all;
    }

    /** The invariant above, checked stripe by stripe: what is wrong, or null (for tests). */
    static String invariantError() {
        for (Stripe s : TABLE) {
            synchronized (s) {
                for (int i = 0; i < s.gs.length; i++) {
                    G g = s.gs[i];
                    if (i >= s.n) {
                        if (g != null) return "slot " + i + " past n=" + s.n + " holds " + g;
                    } else if (g == null || g.allgStripe != s || g.allgIndex != i) {
                        return "slot " + i + " holds " + g + (g == null ? "" : " indexed " + g.allgIndex);
                    }
                }
            }
        }
        return null;
    }
}
