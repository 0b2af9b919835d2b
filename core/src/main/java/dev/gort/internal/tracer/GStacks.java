package dev.gort.internal.tracer;

import dev.gort.internal.sched.G;
import dev.gort.internal.traceback.Sites;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stacks trace events reuse (see {@link Tracer#STACK_REUSE_NS}): per kind of park, and for
 * readying others, the PCs last walked, when, and their id in the table of the generation that
 * last used them — so a reused stack costs neither a walk nor a hash.
 *
 * <p>Goroutines started by the same go statement share one instance (they run the same code, and
 * a thousand sieve filters would otherwise walk a thousand times as often); a goroutine without
 * a known go statement (main, plain threads) has its own. The sharers write without a lock: the
 * fields are independent references and numbers, and a race at worst pairs an event with the
 * stack a sibling walked at the same kind of park — a real stack of the same code.
 */
public final class GStacks {
    /** Slot 0: readying others; slot k − 15: park kind k (EvGoStop 16 .. EvGoBlockNet 27). */
    static final int WAKE = 0;
    private static final int SLOTS = Ev.GO_BLOCK_NET - Ev.GO_END + 1;

    final long[][] pcs = new long[SLOTS][];
    final long[] walkedAt = new long[SLOTS];
    final long[] id = new long[SLOTS];
    final int[] idGen = new int[SLOTS];

    private static final Map<Sites.Site, GStacks> BY_SITE = new ConcurrentHashMap<>();

    /** The instance g uses: its go statement's, or a new one of its own. */
    static GStacks of(G g) {
        return g.createdBy instanceof Sites.Site site ? BY_SITE.computeIfAbsent(site, k -> new GStacks()) : new GStacks();
    }

    static int slot(int kind) {
        return kind - Ev.GO_END;
    }
}
