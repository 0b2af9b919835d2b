package dev.gort.internal.prof;

import dev.gort.internal.symtab.SymTab;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The threadcreate profile (Go's: the stacks that led to creating OS threads). gort's OS threads
 * are its carriers (the Ms running goroutines) and the dedicated threads of LockOSThread; each
 * records here, once, the stack that created it. The list only grows, as Go's does.
 */
public final class ThreadCreateProf {
    private ThreadCreateProf() {}

    /** Creation stacks, guarded by the list's monitor. */
    private static final List<long[]> STACKS = new ArrayList<>();

    /** Records the calling thread's stack as the creation site of a new OS thread. */
    public static void record() {
        long[] pcs = new long[Stacks.MAX_DEPTH];
        int n = SymTab.callers(1, pcs);
        long[] stack = Arrays.copyOf(pcs, n);
        synchronized (STACKS) {
            STACKS.add(stack);
        }
    }

    /** The creation stacks so far. */
    public static List<long[]> stacks() {
        synchronized (STACKS) {
            return new ArrayList<>(STACKS);
        }
    }

    /** The threadcreate profile: threadcreate/count samples, period 1. */
    public static ProfileBuilder collect() {
        ProfileBuilder p = new ProfileBuilder("threadcreate", "count", 1, "threadcreate", "count");
        for (long[] s : stacks()) p.add(s, null, 1);
        return p;
    }
}
