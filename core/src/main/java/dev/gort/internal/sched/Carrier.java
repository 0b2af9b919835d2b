package dev.gort.internal.sched;

import dev.gort.internal.tracer.ProcTrace;
import dev.gort.internal.tracer.Tracer;
import dev.gort.internal.prof.ThreadCreateProf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A platform thread that runs goroutines' continuations: Go's {@code m}. Either a scheduler
 * thread ({@link M}) or a thread dedicated to one goroutine by LockOSThread ({@link LockedThread}).
 */
abstract sealed class Carrier extends Thread permits M, LockedThread {
    /**
     * The goroutine mounted now (Go's {@code m.curg}). Read by {@link Sched#currentG} on this same
     * OS thread (program order suffices) and by observers, so written opaque.
     */
    volatile G curg;

    private static final VarHandle CURG;

    static {
        try {
            CURG = MethodHandles.lookup().findVarHandle(Carrier.class, "curg", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Thread number for schedtrace ({@code M3}): M's and locked threads share one sequence. */
    final int id;

    Carrier(ThreadGroup group, String prefix, int id) {
        super(group, null, prefix + id, 0, false);
        this.id = id;
        setDaemon(true);
        ThreadCreateProf.record();
    }

    /** The trace buffer this carrier writes to now: its P's, or its own (null: none). */
    abstract ProcTrace traceProc();

    /**
     * Mounts g and runs its continuation until it parks, yields or ends. A sampled runnable period
     * ends here: its delay goes to {@code /sched/latencies:seconds} (see {@link G#trackingSeq}).
     */
    final void runG(G g) {
        if (g.tracking) {
            long since = g.runnableSince;
            if (since != 0) {
                Sched.LATENCIES.record(System.nanoTime() - since);
                g.runnableSince = 0;
            }
        }
        g.tracking = (++g.trackingSeq & (Sched.TRACKING_PERIOD - 1)) == 0; // time the next runnable period?
        CURG.setOpaque(this, g);
        g.m = this;
        g.setStatus(Status.RUNNING);
        if (Tracer.on) Tracer.goStart(g, this, traceProc());
        // After the start (a submission accepted from now on finds the trace's view of g running
        // here, and waits for its stop) and before the JDK looks at the thread's state (see G.queued).
        if (g.queued) g.queued = false;
        try {
            g.task.run();
        } finally {
            if (Tracer.on) Tracer.goStop(g, this, traceProc());
            g.m = null;
            CURG.setOpaque(this, (G) null);
        }
    }
}
