package dev.gort.internal.sched;

import dev.gort.internal.tracer.ProcTrace;
import dev.gort.internal.tracer.Tracer;

/**
 * A processor: Go's {@code p}. A carrier must hold a P to run goroutines, so the number of P's,
 * GOMAXPROCS, bounds how many goroutines run Java code at once. A P is held by at most one
 * carrier; while idle it sits on {@link Sched}'s idle list.
 */
final class P {
    final int id;
    final RunQueue runq = new RunQueue();
    /** Goroutines scheduled from this P; every 61st looks at the global queue first (fairness). */
    int schedtick;
    /**
     * Sysmon's tick when this P's current time slice began: when it took a goroutine from
     * anywhere but runnext. A goroutine taken from runnext inherits the slice (Go's
     * {@code inheritTime}), so two goroutines readying each other share one slice, and once it is
     * used up the queue goes first ({@link M#findRunnable}). Owner-only.
     */
    long sliceStart;
    /** This P's batch of goroutine ids, [goidNext, goidEnd) (Go's goidcache); owner-only. */
    long goidNext, goidEnd;
    /** Set when GOMAXPROCS shrank below this P, or a syscall helper P is retired: its carrier gives it up. */
    volatile boolean dead;
    /** A P that sysmon made for a helper M beside a carrier stuck in native code; never idle-listed. */
    boolean helper;

    /** This P's execution-trace buffer (Go's p.tracebuf); see {@link Tracer#procBuffer} for its id there. */
    final ProcTrace trace;

    P(int id) {
        this.id = id;
        this.trace = Tracer.procBuffer(id);
    }
}
