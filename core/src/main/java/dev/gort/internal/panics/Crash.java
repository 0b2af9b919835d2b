package dev.gort.internal.panics;

import dev.gort.Panic;
import dev.gort.internal.env.Env;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.traceback.Traceback;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How the process dies: Go's fatalpanic, fatal and throw (panic.go). Everything goes to stderr;
 * the exit status is 2. Only the first goroutine to crash prints; any other waits for the exit.
 *
 * <p>Four shapes, as Go 1.19 prints them:
 * <ul>
 *   <li>{@link #fatalPanic}: {@code panic: v} (the chain, oldest first), the panicking goroutine's
 *       traceback, and every goroutine at GOTRACEBACK=all. A stack overflow is instead Go's
 *       {@code fatal error: stack overflow}, with every goroutine. If printing a panic value throws
 *       (its {@code toString()}), the report is {@code fatal error: panic while printing panic
 *       value: ...} instead, with every goroutine (Go's preprintpanics).</li>
 *   <li>{@link #fatalThrow}: a fatal error raised by a goroutine ({@code sync: unlock of unlocked
 *       mutex}, {@code go of nil func value}): the message, the caller's traceback from the
 *       faulting call down, then every other goroutine.</li>
 *   <li>{@link #fatalSignal}: a fatal signal (Go's sighandler): its lines, then the same
 *       goroutines as fatalThrow.</li>
 *   <li>{@link #fatalError}: one raised by the runtime's own threads (deadlock, timers): the
 *       message and, with {@code dump}, every goroutine.</li>
 * </ul>
 */
public final class Crash {
    private Crash() {}

    private static final Object DYING = new Object();
    private static boolean dying;

    /** An unrecovered panic (or fatal JVM error) left goroutine g: report it per GOTRACEBACK and exit 2. */
    public static void fatalPanic(G g, Throwable t) {
        StringBuilder b = new StringBuilder();
        boolean all;
        if (t instanceof StackOverflowError) {
            long limit = Env.threadStackSize();
            b.append("runtime: goroutine stack exceeds ").append(limit > 0 ? Long.toString(limit) : "the JVM's thread stack")
                    .append("-byte limit\nfatal error: stack overflow\n");
            all = true; // a runtime throw: Go prints every goroutine
        } else if (t instanceof VirtualMachineError e) {
            b.append("fatal error: ").append(e).append('\n');
            all = true;
        } else {
            PanicRecord r = g.propagating != null && g.propagating.thrown == t ? g.propagating : Unwinder.newRecord(t, null);
            String printing = printingFailure(r);
            if (printing != null) {
                b.append("fatal error: panic while printing panic value: ").append(printing).append('\n');
                all = true;
            } else {
                panicLines(b, r);
                all = false;
            }
        }
        Env.Traceback level = Env.traceback();
        if (level != Env.Traceback.NONE) {
            b.append('\n');
            Traceback.header(b, g, true);
            Traceback.frames(b, g, t.getStackTrace());
            if (all || level.compareTo(Env.Traceback.ALL) >= 0) Traceback.others(b, g);
        }
        die(b, level);
    }

    /**
     * Go's fatal("msg") from a goroutine: {@code fatal error: msg}, the caller's goroutine
     * {@code [running]} from the faulting call down, then every other goroutine. Never returns.
     */
    public static void fatalThrow(String msg) {
        dieWithCaller(new StringBuilder("fatal error: ").append(msg).append('\n'));
    }

    /** {@code b}, then (unless GOTRACEBACK=none) the calling goroutine {@code [running]} and every other one; exit 2. */
    private static void dieWithCaller(StringBuilder b) {
        Env.Traceback level = Env.traceback();
        if (level != Env.Traceback.NONE) {
            G g = Sched.currentG();
            b.append('\n');
            Traceback.header(b, g, true);
            Traceback.frames(b, g, new Throwable().getStackTrace()); // runtime frames on top are hidden
            Traceback.others(b, g);
        }
        die(b, level);
    }

    /** Go's fatal("msg") from the runtime's own threads: {@code fatal error: msg}, then (with {@code dump}) every goroutine. */
    public static void fatalError(String msg, boolean dump) {
        StringBuilder b = new StringBuilder("fatal error: ").append(msg).append('\n');
        Env.Traceback level = Env.traceback();
        if (dump && level != Env.Traceback.NONE) Traceback.others(b, null);
        die(b, level);
    }

    /**
     * Go's crash on a fatal signal (signal_unix.go sighandler): {@code lines} (the signal and
     * {@code PC=} lines), then, unless GOTRACEBACK=none, the calling goroutine and every other one,
     * as Go's crash path prints them all; exit 2. The register dump that follows in Go has no
     * JVM meaning and is left out.
     */
    public static void fatalSignal(String lines) {
        dieWithCaller(new StringBuilder(lines));
    }

    /**
     * Go's preprintpanics: formats every value of the chain before anything is printed; if one
     * throws, what Go prints after {@code panic while printing panic value: } (the inner panic's
     * string, else {@code type T}), else null.
     */
    private static String printingFailure(PanicRecord newest) {
        for (PanicRecord r = newest; r != null; r = r.link) {
            try {
                PanicValues.format(r.value, r.javaException);
            } catch (Throwable inner) {
                Object v = inner instanceof Panic p ? p.value() : inner;
                return v instanceof String s ? s : "type " + GoTypes.name(v == null ? null : v.getClass());
            }
        }
        return null;
    }

    /** {@code panic: a [recovered]} / {@code \tpanic: b}: oldest first. */
    static void panicLines(StringBuilder b, PanicRecord newest) {
        List<PanicRecord> chain = new ArrayList<>();
        for (PanicRecord r = newest; r != null; r = r.link) chain.add(r);
        for (int i = chain.size() - 1; i >= 0; i--) {
            PanicRecord r = chain.get(i);
            if (i != chain.size() - 1) b.append('\t');
            b.append("panic: ").append(PanicValues.format(r.value, r.javaException));
            if (r.recovered) b.append(" [recovered]");
            b.append('\n');
        }
    }

    private static void die(StringBuilder b, Env.Traceback level) {
        synchronized (DYING) {
            if (dying) {
                parkForever();
            }
            dying = true;
        }
        System.out.flush();
        PrintStream err = System.err;
        err.print(b);
        err.flush();
        if (level == Env.Traceback.CRASH) abort();
        Runtime.getRuntime().halt(2);
    }

    /**
     * GOTRACEBACK=crash: Go raises SIGABRT so the OS writes a core dump. The JVM offers no way to
     * raise it ({@code sun.misc.Signal.raise} refuses signals without a Java handler, and the VM
     * installs none for SIGABRT), so gort sends it to itself with kill(1): the JVM dies by the signal
     * (status 134, a core file where {@code ulimit -c} allows; no hs_err file, which only the VM's own
     * fault path writes). Where kill is missing (or the signal is ignored) the exit is status 2.
     */
    private static void abort() {
        try {
            new ProcessBuilder("kill", "-ABRT", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Thread.sleep(5_000); // the signal is asynchronous: give it time to land
        } catch (java.io.IOException | InterruptedException | SecurityException | UnsupportedOperationException e) {
            // no kill(1): fall back to Go's exit status 2
        }
    }

    private static void parkForever() {
        for (;;) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // the dying thread exits the process
            }
        }
    }
}
