package dev.gort;

import dev.gort.internal.env.Env;
import dev.gort.internal.panics.Crash;
import dev.gort.internal.panics.DeferFrame;
import dev.gort.internal.panics.GoexitSignal;
import dev.gort.internal.panics.Unwinder;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.traceback.GoroutineDumps;
import dev.gort.internal.traceback.Sites;
import dev.gort.runtime.PanicNilError;

/**
 * The Go language's runtime-backed statements: {@code go}, {@code defer}, {@code panic},
 * {@code recover}, and a program's {@code func main}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Go.main(args, () -> {
 *         Go.defer(() -> System.out.println("deferred"));
 *         Go.go(() -> System.out.println("in a goroutine"));
 *     });
 * }
 * }</pre>
 *
 * A Go function that defers is written {@code Go.func(() -> { ... })}: the frame whose deferred
 * calls run when it ends. A goroutine's body is such a frame already.
 */
public final class Go {
    private Go() {}

    private static volatile boolean mainGoexited;
    /** Set by the first Go.main (guarded by Go.class): a second one is refused. */
    private static boolean mainStarted;

    /**
     * Go's {@code go f()}: starts {@code body} as a new goroutine. An unrecovered panic in it
     * ends the process with Go's report and exit status 2 (outside {@link #main}, it goes to the
     * handler of {@link dev.gort.runtime.GoRuntime#setPanicHandler} when one is set). The body may
     * throw any exception (it is a panic), so a {@link Runnable} {@code r} is passed as {@code r::run}.
     *
     * @param body the goroutine's code
     * @return a handle on the goroutine
     */
    public static Goroutine go(ThrowingRunnable body) {
        if (body == null) Crash.fatalThrow("go of nil func value"); // Go's fatal, not a panic
        G g = Sched.newproc(0, () -> runGoroutine(body), Sites.capture(body.getClass()), false);
        return new Goroutine(g);
    }

    /**
     * Go's {@code func main}: runs {@code body} as goroutine 1 and never returns. The process
     * exits 0 when body returns, even while other goroutines run; 2 after an unrecovered panic or a
     * deadlock ({@code fatal error: all goroutines are asleep - deadlock!}).
     *
     * @param args the program's arguments, as Java's main received them
     * @param body the main goroutine's code
     * @throws IllegalStateException if a Go.main is running already: a program has one main
     *     goroutine, and the inner one's return would end the whole process
     */
    public static void main(String[] args, ThrowingRunnable body) {
        synchronized (Go.class) {
            if (mainStarted) throw new IllegalStateException("Go.main called while Go.main runs: a program has one main goroutine");
            mainStarted = true;
        }
        GoroutineDumps.install(); // SIGUSR1 / MBean dumps: a Go program owns its signals
        Sched.mainWaiter = Thread.currentThread();
        Sched.deadlockAction = Go::deadlock;
        G g = Sched.newproc(Sched.MAIN_GOID, () -> runMain(body), null, false);
        for (;;) {
            try {
                g.thread.join();
                Thread.sleep(Long.MAX_VALUE); // main called Goexit: the others run on; sysmon ends it
            } catch (InterruptedException ignored) {
                // nothing interrupts Go's main
            }
        }
    }

    private static void runMain(ThrowingRunnable body) {
        if (runGoroutine(body)) Crash.exit(0);
        mainGoexited = true;
    }

    /** A goroutine's body as its outermost frame; false if it ended by Goexit. Never throws: a panic ends the process. */
    private static boolean runGoroutine(ThrowingRunnable body) {
        G g = Sched.currentG();
        DeferFrame f = Unwinder.enter(g);
        Throwable thrown = null;
        try {
            body.run();
        } catch (Throwable t) {
            thrown = t;
        }
        try {
            Unwinder.exit(g, f, null, thrown);
        } catch (GoexitSignal e) {
            return false; // every deferred call has run
        } catch (Throwable t) {
            Crash.fatalPanic(g, t);
        }
        return true;
    }

    /** Sysmon found every goroutine blocked for good (only in Go.main mode). */
    private static void deadlock() {
        if (mainGoexited && Sched.numGoroutine() == 0) {
            Crash.fatalError("no goroutines (main called runtime.Goexit) - deadlock!", false);
        } else {
            Crash.fatalError("all goroutines are asleep - deadlock!", true);
        }
    }

    /**
     * A Go function with no result: runs {@code body} as a frame whose deferred calls run when it ends.
     *
     * @param body the function's code
     */
    public static void func(ThrowingRunnable body) {
        G g = Sched.currentG();
        DeferFrame f = Unwinder.enter(g);
        try {
            body.run(); // called directly, not through a supplier: no wrapper lambda per call
        } catch (Throwable t) {
            Unwinder.exit(g, f, null, t);
            return;
        }
        Unwinder.exit(g, f, null, null);
    }

    /**
     * A Go function with a result. When a deferred call recovers a panic the function returns null
     * (Go would return the named results; see docs/mapping.md).
     *
     * @param <T> the result's type
     * @param body the function's code
     * @return body's result, or null after a recovered panic
     */
    public static <T> T func(ThrowingSupplier<T> body) {
        return frame(Sched.currentG(), body);
    }

    @SuppressWarnings("unchecked")
    private static <T> T frame(G g, ThrowingSupplier<T> body) {
        DeferFrame f = Unwinder.enter(g);
        T result;
        try {
            result = body.get();
        } catch (Throwable t) {
            return (T) Unwinder.exit(g, f, null, t);
        }
        return (T) Unwinder.exit(g, f, result, null);
    }

    /**
     * Go's {@code defer fn()}: fn runs when the innermost {@link #func} frame (or goroutine body)
     * ends. fn may throw any exception (it is a panic), so {@code Go.defer(reader::close)} compiles.
     * A null fn is accepted and panics with a nil dereference when the deferred call runs, as Go's
     * {@code defer f()} with a nil f does; the statements after the defer still run.
     *
     * @param fn the deferred call
     */
    public static void defer(ThrowingRunnable fn) {
        Unwinder.defer(fn);
    }

    /**
     * Go's {@code panic(v)}: throws a {@link Panic} carrying v. {@code panic(null)} panics with a
     * {@link PanicNilError} (Go 1.21) unless {@code GODEBUG=panicnil=1}.
     *
     * @param v the panic value
     * @return never returns normally; declared so that {@code throw Go.panic(v)} ends a branch
     */
    public static RuntimeException panic(Object v) {
        if (v == null) {
            if (Env.PANICNIL) Env.PANICNIL_EVENTS.increment();
            else v = new PanicNilError();
        }
        throw new Panic(v);
    }

    /**
     * Go's {@code recover()}: called directly by a deferred function while its goroutine panics,
     * stops the panic and returns its value; otherwise returns null.
     *
     * @return the panic value, or null when not panicking or not called directly by a deferred call
     */
    public static Object recover() {
        return Unwinder.recover();
    }
}
