package dev.gort.internal.sched;

import dev.gort.internal.tracer.ProcTrace;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A scheduler thread: Go's {@code m} running {@code schedule()} (proc.go). It holds a P, takes
 * runnable goroutines from the P's queue, the global queue, or other P's queues (stealing), and
 * runs each until it parks. With nothing to do it gives its P back and parks itself, following
 * Go's protocol that makes wake-ups impossible to lose:
 * <ol>
 *   <li>a producer queues work, then calls {@link Sched#wakep}, which starts a spinning M
 *       whenever a P is idle and no M is spinning already;</li>
 *   <li>a spinning M that finds work wakes another one if it was the last spinner (so a burst
 *       spreads over all P's);</li>
 *   <li>an M that gives up releases its P <em>first</em> and only then looks at every queue once
 *       more; a producer that saw no idle P before that release is thus always seen by the
 *       re-check.</li>
 * </ol>
 * Spinning is bounded as in Go: at most half the busy P's spin, so one P never spins at all
 * (with one carrier, any spin is pure loss).
 */
final class M extends Carrier {
    /** The P held now; written only by this thread (and read by sysmon). */
    volatile P p;
    /** A P handed over by whoever woke this M; the handshake for {@link #stopm}. */
    private volatile P nextp;
    /** Counted in {@link Sched#nmspinning} while true. */
    boolean spinning;
    /** Sysmon's coarse tick when the current goroutine was mounted (to spot long native calls); plain: sysmon needs it eventually. */
    long mountTick;
    /**
     * Sysmon's own: the goroutine and native top frame it saw on this M at its last tick, or null
     * (see {@link Sched#inNative}). Plain fields, read and written by sysmon only.
     */
    G nativeG;
    StackTraceElement nativeTop;
    /**
     * The helper P that sysmon gave another M while this one sits in a blocking native call, or
     * null. The P, not the M: the helper M may have dropped it and moved on to a regular P.
     */
    volatile P syscallHelper;

    /** A new M that starts out holding {@code pp}. */
    M(int id, P pp, boolean spin) {
        super(Sched.THREADS, "gort-m", id);
        this.p = pp;
        this.spinning = spin;
    }

    @Override
    ProcTrace traceProc() {
        P pp = p;
        return pp == null ? null : pp.trace;
    }

    /** Hands P {@code pp} to this M, which is parked in {@link #stopm}, and wakes it. */
    void wake(P pp, boolean spin) {
        spinning = spin;
        nextp = pp;
        LockSupport.unpark(this);
    }

    @Override
    public void run() {
        for (;;) {
            if (p == null) stopm();
            G g = findRunnable();
            if (g == null) continue;
            mountTick = Sched.tick;
            runG(g);
            P helper = syscallHelper;
            if (helper != null) {
                syscallHelper = null;
                helper.dead = true; // its M drops it at its next look for work
            }
        }
    }

    /** Parks until some waker hands this M a P. */
    private void stopm() {
        Sched.midleput(this);
        P pp;
        while ((pp = nextp) == null) LockSupport.park(this);
        nextp = null;
        p = pp;
    }

    /** Go's findRunnable: a goroutine to run, or null after giving up the P (caller then parks). */
    private G findRunnable() {
        P pp = p;
        for (;;) {
            if (pp.dead) {
                Sched.dropDeadP(pp);
                p = null;
                dropSpinning();
                return null;
            }
            G g;
            if (++pp.schedtick % 61 == 0 && (g = Sched.globrunqget(pp)) != null) return found(g);
            // runnext inherits the running time slice; once that is over the queue goes first, so two
            // goroutines readying each other cannot keep the P from the rest for ever (Go's
            // inheritTime, with sysmon's 10 ms preemption as the bound).
            if (Sched.tick - pp.sliceStart < TIME_SLICE_TICKS && (g = pp.runq.takeNext()) != null) return inherit(g);
            if ((g = pp.runq.takeQueued()) != null || (g = pp.runq.takeNext()) != null) return found(g);
            if ((g = Sched.globrunqget(pp)) != null) return found(g);

            if (spinning || 2 * Sched.nmspinning.get() < Sched.gomaxprocs - Sched.npidle) {
                if (!spinning) {
                    spinning = true;
                    Sched.nmspinning.incrementAndGet();
                }
                if ((g = steal(pp)) != null) return found(g);
            }

            // Give the P up, then look once more (step 3 of the protocol above).
            g = Sched.releaseP(pp);
            if (g != null) return found(g);
            p = null;
            boolean wasSpinning = spinning;
            dropSpinning();
            if (Sched.anyLocalWork()) {
                P again = Sched.pidleget();
                if (again != null) {
                    p = pp = again;
                    if (wasSpinning) {
                        spinning = true;
                        Sched.nmspinning.incrementAndGet();
                    }
                    continue;
                }
            }
            return null;
        }
    }

    /** Go's time slice (forcePreemptNS, 10 ms) in sysmon ticks: a slice lasts 10 to 20 ms. */
    static final int TIME_SLICE_TICKS = 2;

    /** g starts a new time slice on this M's P. */
    private G found(G g) {
        P pp = p;
        if (pp != null) pp.sliceStart = Sched.tick;
        return inherit(g);
    }

    /** g runs in the P's current time slice. */
    private G inherit(G g) {
        if (spinning) {
            spinning = false;
            // The last spinner found work: wake another to look for more (Go's resetspinning).
            if (Sched.nmspinning.decrementAndGet() == 0) Sched.wakep();
        }
        return g;
    }

    private void dropSpinning() {
        if (spinning) {
            spinning = false;
            Sched.nmspinning.decrementAndGet();
        }
    }

    /** Go's stealWork: four rounds over the other P's in random order; runnext only in the last. */
    private G steal(P pp) {
        P[] all = Sched.allp;
        int n = all.length;
        for (int round = 0; round < 4; round++) {
            boolean last = round == 3;
            if (last) Sched.briefPause();
            int start = ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                P victim = all[(start + i) % n];
                if (victim == pp) continue;
                G g = victim.runq.stealInto(pp.runq, last);
                if (g != null) return g;
            }
            G g = Sched.globrunqget(pp);
            if (g != null) return g;
        }
        return null;
    }
}
