package dev.gort.internal.prof;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The goroutine profile (Go's goroutineProfileWithLabels): every live goroutine's stack and labels,
 * from the G registry. The runtime's own goroutines are left out, as Go leaves out system
 * goroutines.
 *
 * <p>No goroutine is stopped for the others: each stack is taken on its own
 * ({@link Thread#getStackTrace}, which the JVM takes consistently per thread), so the pause any
 * goroutine sees does not grow with the number of goroutines, as in Go 1.19+'s concurrent
 * goroutine profile. A goroutine that ends while the profile is taken may be missing or show an
 * empty stack. Taking a parked virtual thread's stack costs some microseconds, so large profiles
 * take the stacks in parallel (common fork-join pool).
 */
public final class GoroutineProf {
    private GoroutineProf() {}

    /** Profiles with this many goroutines take the stacks in parallel. */
    private static final int PARALLEL = 1_000;

    /** One goroutine's sample: its stack (PCs, leaf first) and labels (sorted pairs, or null). */
    public record Entry(long[] pcs, String[] labels) {}

    /** Every live user goroutine's stack and labels. */
    public static List<Entry> entries() {
        List<G> gs = new ArrayList<>();
        for (G g : Sched.allGoroutines()) {
            if (!g.system && g.status != Status.DEAD && g.thread != null) gs.add(g);
        }
        var each = gs.size() >= PARALLEL ? gs.parallelStream() : gs.stream();
        return each.map(g -> new Entry(Stacks.pcs(g.thread.getStackTrace()), (String[]) g.labels)).toList();
    }

    /** The goroutine profile: goroutine/count samples, period 1. */
    public static ProfileBuilder collect() {
        return count("goroutine", entries());
    }

    /** A count profile named {@code name} holding one count per entry. */
    public static ProfileBuilder count(String name, List<Entry> entries) {
        ProfileBuilder p = new ProfileBuilder(name, "count", 1, name, "count");
        for (Entry e : entries) p.add(e.pcs(), e.labels(), 1);
        return p;
    }
}
