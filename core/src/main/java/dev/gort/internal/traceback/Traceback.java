package dev.gort.internal.traceback;

import dev.gort.internal.env.Env;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Goroutine tracebacks in Go's format (runtime/traceback.go), so that tools that parse Go's
 * (panicparse, gostackparse) parse gort's:
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * dev.gort.demo.Main.worker(...)
 * 	dev/gort/demo/Main.java:10
 * created by dev.gort.demo.Main.main in goroutine 1
 * 	dev/gort/demo/Main.java:20
 * </pre>
 *
 * <h2>Header</h2>
 * {@code goroutine N [status]:}. The status of a goroutine parked by {@code gopark} is its wait
 * reason, followed by {@code , N minutes} once it has waited a whole minute (Go's wording, no
 * singular), then {@code , locked to thread}. A goroutine that is not in gopark but whose virtual
 * thread is parked is blocked in the JDK: {@code IO wait} when the JDK frames on top of its stack
 * are socket or channel code (Go's netpoller wait), {@code sleep} in {@code Thread.sleep}, else Go's
 * bare status {@code waiting}; one that is mounted and inside a native method is in a
 * {@code syscall}; the caller is {@code running}.
 *
 * <h2>Frames</h2>
 * Each frame prints as Go prints an inlined frame: {@code name(...)} then a tab and
 * {@code file:line} (the JVM reports no argument words and no PC offsets for other threads).
 * Runtime frames ({@link Names#isRuntimeFrame}) are hidden below GOTRACEBACK=system; more than 100
 * remaining frames print as the innermost 50, {@code ...N frames elided...}, and the outermost 50
 * (Go 1.21). Then the {@code created by F in goroutine P} line and, with
 * {@code GODEBUG=tracebackancestors=N}, each ancestor's creation stack under
 * {@code [originating from goroutine N]:}.
 *
 * <h2>Concurrency</h2>
 * Nothing is locked: other goroutines' records are read as they are (a goroutine may move on while
 * it is printed, as in Go's runtime.Stack without stopping the world), and stacks come from
 * {@link Thread#getStackTrace()}, which the JVM takes consistently per thread. Large dumps format
 * goroutines in parallel (common fork-join pool), then print them in id order.
 */
public final class Traceback {
    private Traceback() {}

    /** Go 1.21's tracebackInnerFrames and tracebackOuterFrames. */
    private static final int ELIDE_HALF = 50;

    /**
     * Go's runtime.Stack: the calling goroutine, {@code [running]}, from the caller of
     * {@code GoRuntime.stack} down; with {@code all}, every other goroutine after it.
     */
    public static String stack(boolean all) {
        G g = Sched.currentG();
        StringBuilder b = new StringBuilder(all ? 4096 : 512);
        header(b, g, true);
        frames(b, g, callerFrames(Thread.currentThread().getStackTrace()));
        if (all) others(b, g);
        return b.toString();
    }

    /**
     * The dumping goroutine's own frames below the dump: everything from the last Traceback frame
     * up is the dump's machinery (stream pipeline included), which Go's traceback never shows.
     */
    private static StackTraceElement[] belowDump(StackTraceElement[] st) {
        int last = -1;
        for (int i = 0; i < st.length; i++) {
            if (st[i].getClassName().equals(Traceback.class.getName())) last = i;
        }
        return Arrays.copyOfRange(st, last + 1, st.length);
    }

    /** Drops the frames of the request itself: through the first GoRuntime.stack frame, else Traceback's own. */
    private static StackTraceElement[] callerFrames(StackTraceElement[] st) {
        int start = 0;
        while (start < st.length && (st[start].getClassName().equals(Traceback.class.getName())
                || st[start].getClassName().equals("java.lang.Thread"))) start++;
        if (start < st.length && st[start].getClassName().equals("dev.gort.runtime.GoRuntime")
                && st[start].getMethodName().equals("stack")) start++;
        return Arrays.copyOfRange(st, start, st.length);
    }

    /** {@code goroutine N [status]:} with Go's wait reasons and the {@code , N minutes} suffix. */
    public static void header(StringBuilder b, G g, boolean running) {
        header(b, g, running ? "running" : status(g, null));
    }

    private static void header(StringBuilder b, G g, String status) {
        b.append("goroutine ").append(g.goid).append(" [").append(status);
        if (g.status == Status.WAITING && g.waitReason != WaitReason.ZERO && !status.equals("running")) {
            long minutes = Sched.millisSince(g.waitSince) / 60_000;
            if (minutes >= 1) b.append(", ").append(minutes).append(" minutes");
        }
        if (Sched.isLocked(g)) b.append(", locked to thread");
        b.append("]:\n");
    }

    /** What a header says about a goroutine that is not the caller; {@code stack} (may be null) refines JDK blocking. */
    static String status(G g, StackTraceElement[] stack) {
        Status s = g.status;
        if (s == Status.WAITING) return g.waitReason == WaitReason.ZERO ? s.text() : g.waitReason.text();
        if (s != Status.RUNNING || stack == null) return s.text();
        Thread t = g.thread;
        Thread.State state = t == null ? Thread.State.TERMINATED : t.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
            return jdkWait(stack);
        }
        return stack.length > 0 && stack[0].isNativeMethod() ? Status.SYSCALL.text() : s.text();
    }

    /**
     * Why a goroutine blocked outside gopark waits, read from the JDK frames on top of its stack:
     * socket or channel I/O is Go's {@code IO wait} (the netpoller), {@code Thread.sleep} is
     * {@code sleep}; anything else (JDK locks, monitors) is Go's bare status {@code waiting}.
     */
    private static String jdkWait(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (c.startsWith("sun.nio.ch.") || c.startsWith("java.net.") || c.startsWith("sun.net.")
                    || c.startsWith("java.nio.channels.") || c.startsWith("jdk.internal.net.")) return WaitReason.IO_WAIT.text();
            if (c.equals("java.lang.Thread") && e.getMethodName().equals("sleep")) return WaitReason.SLEEP.text();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) break;
        }
        return Status.WAITING.text();
    }

    /** The frames, innermost first, then the {@code created by} line and any ancestors. */
    public static void frames(StringBuilder b, G g, StackTraceElement[] stack) {
        boolean system = Env.traceback().compareTo(Env.Traceback.SYSTEM) >= 0;
        List<StackTraceElement> shown = new ArrayList<>(stack.length);
        for (StackTraceElement e : stack) {
            if (system || !Names.isRuntimeFrame(e.getClassName())) shown.add(e);
        }
        int n = shown.size();
        for (int i = 0; i < n; i++) {
            if (n > 2 * ELIDE_HALF && i == ELIDE_HALF) {
                b.append("...").append(n - 2 * ELIDE_HALF).append(" frames elided...\n");
                i = n - ELIDE_HALF;
            }
            StackTraceElement e = shown.get(i);
            frame(b, Names.function(e.getClassName(), e.getMethodName()), Names.file(e.getClassName(), e.getFileName()),
                    e.getLineNumber());
        }
        createdBy(b, g);
        ancestors(b, g, system);
    }

    private static void frame(StringBuilder b, String function, String file, int line) {
        b.append(function).append("(...)\n\t").append(file).append(':').append(Math.max(line, 0)).append('\n');
    }

    /** {@code created by F in goroutine P} + the go statement's file:line; none for main and plain threads. */
    private static void createdBy(StringBuilder b, G g) {
        if (g.goid == Sched.MAIN_GOID || g.foreign || !(g.createdBy instanceof Sites.Site site)) return;
        FuncInfo fn = SymTab.func(site.pc());
        if (fn == null) return;
        b.append("created by ").append(fn.name());
        if (g.parentGoid != 0) b.append(" in goroutine ").append(g.parentGoid);
        b.append("\n\t").append(fn.file()).append(':').append(fn.line(SymTab.bci(site.pc()))).append('\n');
    }

    /** Go's printAncestorTraceback for each recorded ancestor, nearest first. */
    private static void ancestors(StringBuilder b, G g, boolean system) {
        if (!(g.createdBy instanceof Sites.Site site)) return;
        for (Sites.Ancestor a : site.ancestors()) {
            b.append("[originating from goroutine ").append(a.goid()).append("]:\n");
            for (long pc : a.pcs()) {
                FuncInfo fn = SymTab.func(pc);
                if (fn != null && (system || !Names.isRuntimeFrame(fn.className()))) {
                    frame(b, fn.name(), fn.file(), fn.line(SymTab.bci(pc)));
                }
            }
            if (a.pcs().length == Sites.MAX_ANCESTOR_FRAMES) b.append("...additional frames elided...\n");
            FuncInfo creator = SymTab.func(a.gopc());
            if (creator != null && a.goid() != Sched.MAIN_GOID) {
                // Go passes no goroutine id here: the ancestor list already names it
                b.append("created by ").append(creator.name()).append("\n\t").append(creator.file()).append(':')
                        .append(creator.line(SymTab.bci(a.gopc()))).append('\n');
            }
        }
    }

    /**
     * Every goroutine but {@code except} (null: all), each after a blank line, in id order
     * (GOTRACEBACK=all, deadlock dumps, runtime.Stack(all), SIGUSR1). Runtime-internal goroutines
     * appear only at GOTRACEBACK=system.
     */
    public static void others(StringBuilder b, G except) {
        boolean system = Env.traceback().compareTo(Env.Traceback.SYSTEM) >= 0;
        List<G> gs = new ArrayList<>();
        for (G g : Sched.allGoroutines()) {
            if (g != except && (!g.system || system) && g.status != Status.DEAD) gs.add(g);
        }
        gs.sort(Comparator.comparingLong(g -> g.goid));
        Stream<G> each = gs.size() >= PARALLEL_DUMP ? gs.parallelStream() : gs.stream();
        for (String text : each.map(Traceback::goroutine).toList()) b.append(text);
    }

    /**
     * Dumps with this many goroutines format them in parallel (in order): taking a parked virtual
     * thread's stack costs ~10 µs, most of a dump's time, and the stacks are independent.
     */
    private static final int PARALLEL_DUMP = 1_000;

    /** One goroutine of a dump: a blank line, its header and its frames. */
    private static String goroutine(G g) {
        Thread t = g.thread;
        StackTraceElement[] stack = t == null ? new StackTraceElement[0]
                : t == Thread.currentThread() ? belowDump(t.getStackTrace()) : t.getStackTrace();
        StringBuilder b = new StringBuilder(256);
        b.append('\n');
        header(b, g, status(g, stack));
        frames(b, g, stack);
        return b.toString();
    }
}
