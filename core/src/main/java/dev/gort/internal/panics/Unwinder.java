package dev.gort.internal.panics;

import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.ThrowingRunnable;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Set;

/**
 * defer, panic and recover: Go's panic.go on Java exceptions.
 *
 * <p>A Go function is a {@code Go.func} frame ({@link DeferFrame}); a goroutine's body is one.
 * A panic is a Java throwable propagating through frames; when it leaves a frame's body the frame's
 * deferred calls run, last-in first-out, with {@link G#panic} pointing at the panic and the panic's
 * {@link PanicRecord#frame} at the frame, so that {@code recover()} can stop it. Rules, all Go's:
 * <ul>
 *   <li>recover returns non-null only when called <em>directly</em> by a deferred call that the panic
 *       is running (Go compares the caller's argument pointer with the deferred call's). gort checks
 *       the frame chain first, then the Java stack (see {@link #recover}).</li>
 *   <li>a recovered panic stops: the frame's remaining deferred calls run and the frame returns
 *       normally.</li>
 *   <li>a deferred call that panics replaces the running panic, which stays linked for the report
 *       ({@code panic: a [recovered]} then {@code \tpanic: b}); recovering the newer one discards both.</li>
 *   <li>Goexit runs every deferred call, cannot be recovered, and abandons a panic it meets.</li>
 *   <li>{@link VirtualMachineError}s (stack overflow, out of memory) are fatal errors in Go: no
 *       deferred call runs.</li>
 *   <li>{@code defer} of a nil func is accepted; the call panics with a nil dereference when it
 *       runs (Go 1.14 and later, Go issue 34926).</li>
 * </ul>
 * Frame state is touched only by the goroutine that owns it.
 */
public final class Unwinder {
    private Unwinder() {}

    /**
     * Classes only: the direct-call check compares frames by class, which is cheaper to walk. In a
     * holder, made at the first recover during a panic: every goroutine's first frame loads
     * Unwinder, and a first StackWalker costs a cold JVM several milliseconds.
     */
    private static final class Walker {
        static final StackWalker WALKER = StackWalker.getInstance(
                Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.DROP_METHOD_INFO));
    }

    /**
     * How many deferred calls run for a panic now, in all goroutines: while it is 0 no goroutine
     * has {@link G#panic} set, so recover returns nil without looking up its goroutine (the cost
     * of every recover in a deferred call when nothing panics, Go's BenchmarkDefer).
     */
    private static volatile int panicking;

    private static final VarHandle PANICKING;

    static {
        try {
            PANICKING = MethodHandles.lookup().findStaticVarHandle(Unwinder.class, "panicking", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a {@code defer} of null runs: Go panics when the nil func is called, not at the defer. */
    private static void nilFunc() {
        throw new NullPointerException("deferred call of a nil func value");
    }

    /** Opens a frame on the current goroutine; the caller must pass it to {@link #exit}. */
    public static DeferFrame enter(G g) {
        DeferFrame f = new DeferFrame(g.frame);
        g.frame = f;
        return f;
    }

    /** Go's {@code defer fn()}: attaches fn to the innermost frame. */
    public static void defer(ThrowingRunnable fn) {
        DeferFrame f = Sched.currentG().frame;
        if (f == null) {
            throw new IllegalStateException("Go.defer outside a Go.func frame or goroutine: wrap the function body in Go.func(...)");
        }
        f.push(fn != null ? fn : Unwinder::nilFunc);
    }

    /**
     * Closes frame {@code f}: runs its deferred calls, handles recovery, and either returns the
     * frame's result or rethrows the panic (or Goexit) that is still going.
     */
    public static Object exit(G g, DeferFrame f, Object result, Throwable thrown) {
        if (thrown == null && f.isEmpty()) {
            g.frame = f.parent;
            return result;
        }
        PanicRecord p = null;
        boolean goexit = false;
        if (thrown instanceof GoexitSignal) {
            goexit = true;
        } else if (thrown instanceof VirtualMachineError) {
            g.frame = f.parent;
            throw sneaky(thrown);
        } else if (thrown != null) {
            p = record(g, thrown, g.panic);
        }
        f.exiting = true;
        PanicRecord outer = g.panic; // a frame ending normally leaves it visible: Go's defer recover() quirk
        try {
            for (ThrowingRunnable fn; (fn = f.pop()) != null; ) {
                boolean forPanic = p != null;
                if (forPanic) {
                    p.frame = f;
                    PANICKING.getAndAdd(1);
                }
                g.panic = forPanic ? p : goexit ? null : outer;
                try {
                    DeferredCall.run(fn);
                } catch (GoexitSignal e) {
                    goexit = true;
                    p = null; // Goexit abandons the panic; remaining deferred calls still run
                } catch (VirtualMachineError e) {
                    g.frame = f.parent;
                    throw e;
                } catch (Throwable t) {
                    p = record(g, t, g.panic);
                } finally {
                    if (forPanic) PANICKING.getAndAdd(-1);
                }
                if (p != null && p.recovered) {
                    p = null;
                    result = null;
                }
            }
        } finally {
            g.panic = outer;
        }
        g.frame = f.parent;
        if (p != null) {
            g.propagating = p;
            throw sneaky(p.thrown);
        }
        if (goexit) throw GoexitSignal.INSTANCE;
        return result;
    }

    /** Runs one deferred call; {@link #recover} finds the call on the stack by this class. */
    private static final class DeferredCall {
        static void run(ThrowingRunnable fn) throws Exception {
            fn.run();
        }
    }

    /**
     * The record for {@code t}: the one already made in an inner frame if t is propagating from
     * there, else a new one linked to the panic that was running ({@code link}).
     */
    static PanicRecord record(G g, Throwable t, PanicRecord link) {
        PanicRecord r = g.propagating;
        if (r != null && r.thrown == t) return r;
        r = newRecord(t, link);
        g.propagating = r;
        return r;
    }

    /** A record for a throwable that has not been seen by any frame. */
    public static PanicRecord newRecord(Throwable t, PanicRecord link) {
        if (t instanceof Panic p) return new PanicRecord(t, p.value(), link, false);
        Object go = JvmErrors.goValue(t);
        return go != null ? new PanicRecord(t, go, link, false) : new PanicRecord(t, t, link, true);
    }

    /** Where recover was called, relative to the frame whose deferred call the panic runs. */
    private enum Site {
        /** In the deferred call itself: {@code defer func() { recover() }()}. */
        IN_CALL,
        /**
         * In the body of a {@code Go.func} the deferred call made directly: the deferred function's
         * own frame, {@code defer func() { defer cleanup(); recover() }()}.
         */
        IN_FUNC,
        /**
         * As a deferred call of that frame, run when it ends: {@code defer func() { defer recover() }()},
         * which Go 1.19 lets recover (the implicit argument of recover is taken at the defer statement).
         */
        DEFERRED_IN_FUNC
    }

    /**
     * Go's recover(). The frame chain rules out most calls at once (no panic running, already
     * recovered, more than one {@code Go.func} between the deferred call and recover); the Java
     * stack then shows whether any plain method stands between them (a helper that calls recover
     * gets nil, as in Go). Proxy frames are transparent: a deferred call made through
     * {@link java.lang.reflect.Proxy} is Go's {@code reflect.MakeFunc} case, which recovers.
     */
    public static Object recover() {
        if (panicking == 0) return null;
        G g = Sched.currentG();
        PanicRecord p = g.panic;
        if (p == null || p.recovered) return null;
        DeferFrame running = p.frame, current = g.frame;
        Site site;
        if (current == running) {
            site = Site.IN_CALL;
        } else if (current != null && current.parent == running) {
            site = current.exiting ? Site.DEFERRED_IN_FUNC : Site.IN_FUNC;
        } else {
            return null;
        }
        if (!Walker.WALKER.walk(s -> calledDirectly(s.iterator(), site))) return null;
        p.recovered = true;
        return p.value;
    }

    /**
     * Matches the stack below recover against its site: the caller, the {@code Go.func} frames of
     * the deferred function (for the two FUNC sites), the deferred function, and then the
     * {@link DeferredCall} the panic made, with only proxy frames between.
     */
    private static boolean calledDirectly(Iterator<StackWalker.StackFrame> frames, Site site) {
        Class<?> c = next(frames);
        while (c == Unwinder.class || c == Go.class) c = next(frames); // recover's own frames
        if (site == Site.DEFERRED_IN_FUNC) {
            if (c != DeferredCall.class) return false; // exactly Go.defer(Go::recover)
            c = next(frames);
            if (c != Unwinder.class) return false;
            while (c == Unwinder.class) c = next(frames);
        } else {
            if (!isUserCode(c)) return false;
            c = next(frames);
            if (site == Site.IN_CALL) return deferredCallAfterProxies(c, frames);
        }
        if (c != Go.class) return false;
        while (c == Go.class) c = next(frames);
        return isUserCode(c) && deferredCallAfterProxies(next(frames), frames);
    }

    private static boolean deferredCallAfterProxies(Class<?> c, Iterator<StackWalker.StackFrame> frames) {
        while (c != null && Proxy.isProxyClass(c)) c = next(frames);
        return c == DeferredCall.class;
    }

    private static boolean isUserCode(Class<?> c) {
        return c != null && c != Go.class && c != Unwinder.class && c != DeferredCall.class && !Proxy.isProxyClass(c);
    }

    private static Class<?> next(Iterator<StackWalker.StackFrame> frames) {
        return frames.hasNext() ? frames.next().getDeclaringClass() : null;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
