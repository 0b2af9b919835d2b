package dev.gort.internal.panics;

import dev.gort.Panic;
import dev.gort.internal.env.Env;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.traceback.Traceback;
import dev.gort.runtime.UnrecoveredPanic;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
 *
 * <h2>Exit path</h2>
 * Every exit the runtime decides (status 0 when {@code Go.main}'s body returns, 2 after a crash)
 * goes through {@link #exit}: {@code System.exit}, so the JVM's shutdown hooks run (loggers flush
 * their last lines), with a watchdog that halts the JVM if the hooks have not finished after
 * {@link #EXIT_GRACE_MS}. While the hooks run, other goroutines are not stopped (Go stops them at
 * once; the JVM has no way to).
 *
 * <h2>Library mode</h2>
 * Outside {@code Go.main} gort does not own the process. An unrecovered panic prints Go's report,
 * then goes to the {@linkplain #setPanicHandler panic handler} when one is set, which decides; with
 * none, the process exits as under {@code Go.main}. Fatal errors (Go's {@code throw}: corrupt
 * runtime state, such as {@code sync: unlock of unlocked mutex}; a stack overflow; a panic while
 * printing a panic value) end the process in both modes.
 */
public final class Crash {
    private Crash() {}

    /** Guards {@link #dying}: only the first crash prints and exits. */
    private static final Object DYING = new Object();
    private static boolean dying;

    /** How long shutdown hooks may run before the watchdog halts the JVM. */
    static final long EXIT_GRACE_MS = 5_000;

    /** Receives unrecovered panics outside {@code Go.main}; null: exit 2, as a Go program does. */
    private static volatile Consumer<? super UnrecoveredPanic> panicHandler;

    /** Sets the library-mode panic handler (null restores the default) and returns the previous one. */
    public static Consumer<? super UnrecoveredPanic> setPanicHandler(Consumer<? super UnrecoveredPanic> handler) {
        Consumer<? super UnrecoveredPanic> old = panicHandler;
        panicHandler = handler;
        return old;
    }

    /**
     * An unrecovered panic (or fatal JVM error) left goroutine g: report it per GOTRACEBACK, then
     * exit 2 — or, outside {@code Go.main} with a panic handler set, hand it the report and return
     * (the goroutine then ends).
     */
    public static void fatalPanic(G g, Throwable t) {
        Object value = t;
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
                value = r.value;
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
        Consumer<? super UnrecoveredPanic> handler = panicHandler;
        String report = b.toString();
        // A fatal error (every goroutine printed: stack overflow, VM error, panic while printing) ends the process in both modes.
        if (handler == null || Sched.mainWaiter != null || all) die(report, level);
        printReport(report);
        handler.accept(new UnrecoveredPanic(g.goid, value, report));
    }

    /**
     * Outside {@code Go.main}, sysmon found every goroutine blocked for good. The host owns the
     * process, so this is a report on stderr, never an exit; each blocked state is reported once.
     */
    public static void libraryDeadlock() {
        printReport(report("gort: all goroutines are asleep - deadlock! (outside Go.main: reported, not fatal)", true));
    }

    /** {@code headline}, then (with {@code dump}) every goroutine, as GOTRACEBACK allows. */
    public static String report(String headline, boolean dump) {
        StringBuilder b = new StringBuilder(headline).append('\n');
        if (dump && Env.traceback() != Env.Traceback.NONE) Traceback.others(b, null);
        return b.toString();
    }

    private static void printReport(String report) {
        System.out.flush();
        PrintStream err = System.err;
        synchronized (err) {
            err.print(report);
            err.flush();
        }
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
        die(b.toString(), level);
    }

    /** Go's fatal("msg") from the runtime's own threads: {@code fatal error: msg}, then (with {@code dump}) every goroutine. */
    public static void fatalError(String msg, boolean dump) {
        die(report("fatal error: " + msg, dump), Env.traceback());
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

    private static void die(String report, Env.Traceback level) {
        synchronized (DYING) {
            if (dying) {
                parkForever();
            }
            dying = true;
        }
        printReport(report);
        if (level == Env.Traceback.CRASH) abort();
        exit(2);
    }

    /**
     * Ends the process with {@code status} through {@code System.exit}, so shutdown hooks run; a
     * daemon watchdog halts the JVM with the same status if they take longer than
     * {@link #EXIT_GRACE_MS} (or if this thread cannot exit: it is itself a shutdown hook). Never
     * returns.
     */
    public static void exit(int status) {
        Sched.exiting = true;
        System.out.flush();
        Sched.startRuntimeThread("gort-exit-watchdog", new ExitWatchdog(status));
        System.exit(status);
    }

    /** Halts the JVM with the exit status once shutdown hooks have had {@link #EXIT_GRACE_MS}. */
    private static final class ExitWatchdog implements Runnable {
        private final int status;

        ExitWatchdog(int status) {
            this.status = status;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(EXIT_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halt regardless: the process is exiting
            }
            Runtime.getRuntime().halt(status);
        }
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
