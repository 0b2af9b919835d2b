package dev.gort.internal.sched;

import dev.gort.internal.tracer.ProcTrace;
import dev.gort.internal.tracer.Tracer;
import java.util.concurrent.locks.LockSupport;

/**
 * The OS thread of a goroutine after LockOSThread: it runs that goroutine's continuation and
 * nothing else. The goroutine's {@link G#execute} sends every resumption here while locked
 * (including those issued by JDK timer, unblocker and poller threads, which all go through the
 * virtual thread's executor). The thread ends when the goroutine unlocks (after handing it back
 * to the scheduler) or exits while locked, as Go's locked M does.
 *
 * <p>A locked thread holds no P: it does not count against GOMAXPROCS (docs/mapping.md).
 */
final class LockedThread extends Carrier {
    private final G g;
    /** Its own trace buffer: the trace shows a locked thread as a P of its own. */
    private final ProcTrace trace = Tracer.procBuffer(-1);
    /** One pending resumption (the JDK submits at most one per transition to runnable). */
    private volatile boolean pending;

    LockedThread(G g, int id) {
        super(Sched.THREADS, "gort-locked-m", id);
        this.g = g;
    }

    @Override
    ProcTrace traceProc() {
        return trace;
    }

    long lockedGoid() {
        return g.goid;
    }

    void submit(G who) {
        pending = true;
        LockSupport.unpark(this);
    }

    @Override
    public void run() {
        try {
            for (;;) {
                while (!pending) LockSupport.park(this);
                pending = false;
                runG(g);
                if (g.status == Status.DEAD || g.locked != this) return;
            }
        } finally {
            Sched.lockedThreadExit(); // debug.SetMaxThreads counts live threads
        }
    }
}
