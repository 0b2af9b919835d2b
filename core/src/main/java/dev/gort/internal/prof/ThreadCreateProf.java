package dev.gort.internal.prof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The threadcreate profile (Go's: the stacks that led to creating OS threads). gort's OS threads
 * are its carriers (the Ms running goroutines) and the dedicated threads of LockOSThread; each
 * records here, once, the stack that created it. The list only grows, as Go's does.
 *
 * <p>Every program creates carriers at start-up and few ever read this profile, so a creation
 * site is kept as a {@link Throwable}'s backtrace (the VM's own cheap capture) and made into PCs
 * only when read: a stack walk and the symbol table (names, class reflection) cost a cold JVM
 * tens of milliseconds. The PCs are then those of lines, as for other threads' stacks
 * ({@link Stacks#pcs}).
 */
public final class ThreadCreateProf {
    private ThreadCreateProf() {}

    /** Creation sites as captured (innermost frame: {@link #record}), guarded by the list's monitor. */
    private static final List<Throwable> SITES = new ArrayList<>();

    /** Records the calling thread's stack as the creation site of a new OS thread. */
    public static void record() {
        Throwable site = new Throwable("thread creation site");
        synchronized (SITES) {
            SITES.add(site);
        }
    }

    /** The creation stacks so far, as PCs, leaf (record's caller) first. */
    public static List<long[]> stacks() {
        List<Throwable> sites;
        synchronized (SITES) {
            sites = new ArrayList<>(SITES);
        }
        List<long[]> stacks = new ArrayList<>(sites.size());
        for (Throwable site : sites) {
            StackTraceElement[] frames = site.getStackTrace();
            stacks.add(Stacks.pcs(Arrays.copyOfRange(frames, Math.min(1, frames.length), frames.length)));
        }
        return stacks;
    }

    /** The threadcreate profile: threadcreate/count samples, period 1. */
    public static ProfileBuilder collect() {
        ProfileBuilder p = new ProfileBuilder("threadcreate", "count", 1, "threadcreate", "count");
        for (long[] s : stacks()) p.add(s, null, 1);
        return p;
    }
}
