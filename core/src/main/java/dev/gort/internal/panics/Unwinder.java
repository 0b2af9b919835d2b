package dev.gort.internal.panics;

import dev.gort.Panic;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import java.util.List;

/**
 * defer, panic and recover: Go's panic.go on Java exceptions.
 *
 * <p>A Go function is a {@code Go.func} frame ({@link DeferFrame}); a goroutine's body is one.
 * A panic is a Java throwable propagating through frames; when it leaves a frame's body the frame's
 * deferred calls run, last-in first-out, with {@link G#panic} pointing at the panic so that
 * {@code recover()} can stop it. Rules, all Go's:
 * <ul>
 *   <li>recover returns non-null only when called <em>directly</em> by a deferred call that the panic
 *       is running (checked on the stack: the caller of recover must have been called by
 *       {@link #callDeferred}); {@code defer recover()} itself does not recover.</li>
 *   <li>a recovered panic stops: the frame's remaining deferred calls run and the frame returns
 *       normally.</li>
 *   <li>a deferred call that panics replaces the running panic, which stays linked for the report
 *       ({@code panic: a [recovered]} then {@code \tpanic: b}); recovering the newer one discards both.</li>
 *   <li>Goexit runs every deferred call, cannot be recovered, and abandons a panic it meets.</li>
 *   <li>{@link VirtualMachineError}s (stack overflow, out of memory) are fatal errors in Go: no
 *       deferred call runs.</li>
 * </ul>
 * Frame state is touched only by the goroutine that owns it.
 */
public final class Unwinder {
    private Unwinder() {}

    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String CALL_DEFERRED = "callDeferred";

    /** Opens a frame on the current goroutine; the caller must pass it to {@link #exit}. */
    public static DeferFrame enter(G g) {
        DeferFrame f = new DeferFrame(g.frame);
        g.frame = f;
        return f;
    }

    /** Go's {@code defer fn()}: attaches fn to the innermost frame. */
    public static void defer(Runnable fn) {
        if (fn == null) throw new NullPointerException("Go.defer: nil func");
        G g = Sched.currentG();
        DeferFrame f = g.frame;
        if (f == null) {
            throw new IllegalStateException("Go.defer outside a Go.func frame or goroutine: wrap the function body in Go.func(...)");
        }
        f.push(fn);
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
        for (Runnable fn; (fn = f.pop()) != null; ) {
            PanicRecord outer = g.panic;
            g.panic = p;
            try {
                callDeferred(fn);
            } catch (GoexitSignal e) {
                goexit = true;
                p = null; // Goexit abandons the panic; remaining deferred calls still run
            } catch (VirtualMachineError e) {
                g.frame = f.parent;
                throw e;
            } catch (Throwable t) {
                p = record(g, t, p);
            } finally {
                g.panic = outer;
            }
            if (p != null && p.recovered) {
                p = null;
                result = null;
            }
        }
        g.frame = f.parent;
        if (p != null) {
            g.propagating = p;
            throw sneaky(p.thrown);
        }
        if (goexit) throw GoexitSignal.INSTANCE;
        return result;
    }

    /** Runs one deferred call. Its name is what {@link #recover} looks for on the stack. */
    private static void callDeferred(Runnable fn) {
        fn.run();
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

    /** Go's recover(). */
    public static Object recover() {
        G g = Sched.currentG();
        PanicRecord p = g.panic;
        if (p == null || p.recovered || !calledByDeferredCall()) return null;
        p.recovered = true;
        return p.value;
    }

    /** Is the caller of Go.recover a deferred call that {@link #callDeferred} invoked? */
    private static boolean calledByDeferredCall() {
        List<StackWalker.StackFrame> frames = WALKER.walk(s -> s
                .dropWhile(f -> (isUnwinder(f) && !isCallDeferred(f)) || isGoRecover(f))
                .limit(2)
                .toList());
        if (frames.size() < 2) return false;
        StackWalker.StackFrame caller = frames.get(0), callersCaller = frames.get(1);
        return !isCallDeferred(caller) && isCallDeferred(callersCaller);
    }

    private static boolean isUnwinder(StackWalker.StackFrame f) {
        return f.getClassName().equals(Unwinder.class.getName());
    }

    private static boolean isGoRecover(StackWalker.StackFrame f) {
        return f.getClassName().equals("dev.gort.Go") && f.getMethodName().equals("recover");
    }

    private static boolean isCallDeferred(StackWalker.StackFrame f) {
        return isUnwinder(f) && f.getMethodName().equals(CALL_DEFERRED);
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
