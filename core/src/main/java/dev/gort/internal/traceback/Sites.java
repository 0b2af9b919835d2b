package dev.gort.internal.traceback;

import dev.gort.internal.env.Env;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.symtab.SymTab;
import java.util.Arrays;

/**
 * Where goroutines come from: the site of the go statement (Go's {@code gopc}), for
 * {@code created by} lines, and with {@code GODEBUG=tracebackancestors=N} the creation stacks of
 * up to N ancestors (Go's {@code saveAncestors}).
 *
 * <p>Finding the go statement needs a stack walk (about 1 µs), too much for every spawn; a lambda's
 * class is created for one lambda expression, which nearly always sits in the go statement itself,
 * so the site is looked up once per lambda class and cached. A Runnable of an ordinary class is
 * walked each time (docs/mapping.md). Ancestors need the creator's whole stack, so with
 * tracebackancestors set every spawn walks it, as Go does.
 */
public final class Sites {
    private Sites() {}

    /** Go's {@code _TracebackMaxFrames}: an ancestor keeps at most this many PCs. */
    static final int MAX_ANCESTOR_FRAMES = 100;
    /** GODEBUG=tracebackancestors, read once at start as Go does. */
    private static final int ANCESTORS = Math.max(Env.godebug("tracebackancestors", 0), 0);

    /**
     * A goroutine's origin, kept in {@link G#createdBy}.
     *
     * @param pc the go statement's PC (0 if not found)
     * @param ancestors the creators' stacks, nearest first (empty unless tracebackancestors is set)
     */
    public record Site(long pc, Ancestor[] ancestors) {}

    /**
     * One ancestor (Go's {@code ancestorInfo}).
     *
     * @param goid the creator's id at creation time
     * @param pcs the creator's stack when it ran the go statement, innermost first
     * @param gopc where the creator itself was created (0 if unknown or for the main goroutine)
     */
    public record Ancestor(long goid, long[] pcs, long gopc) {}

    private static final Ancestor[] NONE = new Ancestor[0];

    private static final ClassValue<Site> PER_LAMBDA = new ClassValue<>() {
        @Override
        protected Site computeValue(Class<?> type) {
            return new Site(goStatementPc(), NONE);
        }
    };

    /** The origin of a goroutine whose body has this class, captured in its creator. */
    public static Site capture(Class<?> bodyClass) {
        Site site = bodyClass.isHidden() ? PER_LAMBDA.get(bodyClass) : new Site(goStatementPc(), NONE);
        return ANCESTORS == 0 ? site : new Site(site.pc(), ancestors(Sched.currentG()));
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * The go statement's PC: skip to the first gort API frame (the go statement's call), then past
     * gort's frames; only the frame found is interned (the others cost a class check each).
     */
    private static long goStatementPc() {
        return WALKER.walk(s -> s
                .dropWhile(f -> !isGort(f) || f.getDeclaringClass().getName().startsWith("dev.gort.internal."))
                .dropWhile(Sites::isGort)
                .findFirst()
                .map(SymTab::pc)
                .orElse(0L));
    }

    private static boolean isGort(StackWalker.StackFrame f) {
        return Names.isGort(f.getDeclaringClass().getName());
    }

    /** Go's saveAncestors: the creator's stack first, then its own ancestors, N at most. */
    private static Ancestor[] ancestors(G creator) {
        if (creator.foreign) return NONE; // Go records none for goroutine 0 either
        Ancestor[] inherited = creator.createdBy instanceof Site s ? s.ancestors() : NONE;
        int n = Math.min(inherited.length + 1, ANCESTORS);
        Ancestor[] a = new Ancestor[n];
        System.arraycopy(inherited, 0, a, 1, n - 1);
        long[] pcs = new long[MAX_ANCESTOR_FRAMES];
        int depth = SymTab.callers(0, pcs);
        long gopc = creator.createdBy instanceof Site s ? s.pc() : 0;
        a[0] = new Ancestor(creator.goid, Arrays.copyOf(pcs, depth), gopc);
        return a;
    }
}
