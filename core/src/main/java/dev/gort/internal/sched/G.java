package dev.gort.internal.sched;

import dev.gort.internal.chan.SudoG;
import dev.gort.internal.panics.DeferFrame;
import dev.gort.internal.panics.PanicRecord;
import dev.gort.internal.tracer.GStacks;
import dev.gort.internal.tracer.Tracer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * A goroutine: Go's {@code g} (runtime2.go), carried by one virtual thread.
 *
 * <p>A G is also its virtual thread's {@link Executor}: the JDK hands the executor the thread's
 * continuation ({@link #task}, always the same object) each time the thread becomes runnable, so
 * {@link #execute} knows which goroutine woke without any lookup and routes it to a run queue, or
 * to its locked OS thread after {@code LockOSThread}.
 *
 * <p>Threads that are not goroutines (a program's main thread, a pool thread) still use channels
 * and defers; they get a <em>foreign</em> G of their own (see {@link Sched#currentG}), which is
 * never registered, never scheduled and has id 0.
 *
 * <p>Field ownership: {@code task}, {@code m} and the defer/panic fields are touched only by the
 * goroutine itself or the carrier running it; {@code status}, {@code waitReason},
 * {@code waitSince} and {@code wakeup} are read by other threads (dumps, the deadlock detector).
 */
public final class G implements Executor {
    /** Goroutine id: 1 for main, then increasing; 0 for foreign threads. */
    public final long goid;
    /** The goroutine that ran the go statement (0 if none). */
    public final long parentGoid;
    /** Where the go statement ran: an opaque site resolved by the traceback printer, or null. */
    public final Object createdBy;
    /** Runtime-internal goroutines (the finalizer goroutine): hidden from dumps below GOTRACEBACK=system. */
    public final boolean system;
    /** A pseudo-G for a thread gort did not start. */
    public final boolean foreign;

    /** The virtual (or, for a foreign G, platform) thread running this goroutine. */
    public volatile Thread thread;
    /** The virtual thread's continuation; the JDK submits this same object every time. */
    Runnable task;
    /**
     * While tracing: a submission of {@link #task} is queued and its run has not begun. The JDK
     * may submit a virtual thread that is already queued: taking the stack of one that is
     * unmounted and runnable suspends it and submits it again, in case the queued run came and
     * went meanwhile (VirtualThread.tryGetStackTrace; sysmon, goroutine profiles and dumps take
     * stacks). Without a tracer the extra run is harmless (the JDK's runContinuation returns at
     * once); with one, it would be a second unblock or a start of a goroutine that is not
     * runnable. So while tracing, {@link #execute} drops a submission that finds this set, and
     * {@link Carrier#runG} clears it whenever it finds it set, tracing or not: after writing the
     * start (so a submission accepted from then on sees g running and waits for its stop) and
     * before the JDK reads the thread's state (a volatile write, so that read comes after it). A
     * dropped submission thus always has a queued run that has yet to look at the thread's
     * state, and no wake-up is lost.
     */
    volatile boolean queued;
    /** The carrier currently running {@link #task}, or null. */
    Carrier m;

    /**
     * Written on every hand-off with {@link #setStatus} (opaque: no StoreLoad fence on the hot
     * path); only observers (dumps, schedtrace, the deadlock probe) read it, and they need it
     * eventually, not in order with other fields.
     */
    public volatile Status status = Status.IDLE;
    public volatile WaitReason waitReason = WaitReason.ZERO;
    /**
     * The sysmon tick ({@code Sched.tick}, one per {@value Sched#SYSMON_TICK_MS} ms) at which the
     * current wait began: a coarse clock read for free on every park, where System.nanoTime would
     * cost a clock read. {@link Sched#millisSince} turns it into elapsed milliseconds (the
     * {@code , N minutes} of a dump header).
     */
    public volatile long waitSince;
    /**
     * The park/ready handshake ({@link Sched#gopark}): {@link #WAKE_NONE}, {@link #WAKE_READY} (set
     * by goready, consumed by gopark: a wake-up that arrives before the park is not lost) or
     * {@link #WAKE_PARKED} (gopark gave up spinning and committed to parking the thread, so the
     * waker must unpark it). Changed through {@link #WAKEUP}.
     */
    volatile int wakeup;
    static final int WAKE_NONE = 0, WAKE_READY = 1, WAKE_PARKED = 2;
    /**
     * Adaptive spin state, touched only by this goroutine in gopark (and read racily, as a hint, by
     * the P that readies it): parks left before this goroutine tries spinning again after a spin
     * that timed out, and the length of the next such pause (doubling up to a cap).
     */
    int spinSkip, spinBackoff;
    /** Parks so far; the deadlock probe compares sums of these to see that nobody ran. */
    int parkSeq;
    /** Where {@link AllGs} registered this goroutine (null once it has ended); guarded by that stripe's monitor. */
    AllGs.Stripe allgStripe;
    int allgIndex;

    /**
     * Scheduling-latency sampling (Go's g.tracking, trackingSeq, runnableTime): one runnable period
     * in {@value Sched#TRACKING_PERIOD} is timed, from {@link #execute} to the carrier's
     * {@code runG}, into {@link Sched#LATENCIES}. {@code tracking} and {@code trackingSeq} are
     * written only by the carrier that mounts this G, before the run whose end they concern;
     * {@code runnableSince} by whoever readies it, read by the next carrier (the run queue
     * publishes it). 0: not stamped.
     */
    int trackingSeq;
    boolean tracking;
    long runnableSince;

    /**
     * pprof labels, inherited from the parent as in Go: a {@code String[]} of sorted keys
     * interleaved with their values, never modified once set (runtime/pprof replaces it), or null.
     */
    public volatile Object labels;

    // Owned by dev.gort.internal.tracer, touched only while tracing (see Tracer for the protocol).
    /** The tracer's view: generation << 3 | state; a stale generation means "not in this trace". */
    public volatile int traceState;
    /** Go's g.traceseq: bumped by every GoStart and GoUnblock. */
    public long traceSeq;
    /** The carrier that owes this goroutine's stop event while it is running in the trace. */
    public Thread traceCarrier;
    /** The event gopark announced for the next unmount (its stack is in traceStacks); 0: none. */
    public int traceBlock;
    /** The stacks this goroutine's events reuse; made on first need while tracing. */
    public GStacks traceStacks;
    /**
     * A foreign G's id in the trace (0 until it needs one): a run of a virtual thread that is not
     * a goroutine (see {@link Sched#readyForeignTask}) shows as a goroutine of its own.
     */
    public long traceGoid;

    /**
     * The waiter this goroutine reuses for its plain channel sends and receives (Go's
     * acquireSudog), owned by the channel package; null until its first wait.
     */
    public SudoG sudog;

    /** LockOSThread nesting count (external + internal in Go; one counter here). */
    int lockedCount;
    /** The dedicated thread while locked, else null. */
    volatile LockedThread locked;

    /** Innermost Go.func frame (Go's {@code g._defer} chain, grouped by frame). */
    public DeferFrame frame;
    /** The panic whose deferred calls are running now (Go's {@code g._panic}), or null. */
    public PanicRecord panic;
    /** The panic that most recently left a frame of this goroutine, so outer frames reuse its record. */
    public PanicRecord propagating;

    private static final VarHandle STATUS, WAIT_REASON, WAIT_SINCE, QUEUED;
    static final VarHandle WAKEUP;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(G.class, "status", Status.class);
            WAIT_REASON = l.findVarHandle(G.class, "waitReason", WaitReason.class);
            WAIT_SINCE = l.findVarHandle(G.class, "waitSince", long.class);
            WAKEUP = l.findVarHandle(G.class, "wakeup", int.class);
            QUEUED = l.findVarHandle(G.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    void setStatus(Status s) {
        STATUS.setOpaque(this, s);
    }

    /** Records why and since when this goroutine waits (opaque, like {@link #setStatus}). */
    void setWait(WaitReason reason, long since) {
        WAIT_REASON.setOpaque(this, reason);
        WAIT_SINCE.setOpaque(this, since);
    }

    G(long goid, long parentGoid, Object createdBy, boolean system, boolean foreign) {
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.createdBy = createdBy;
        this.system = system;
        this.foreign = foreign;
        // Spread over the period by the id (Go draws it at random; a new virtual thread's first
        // ThreadLocalRandom use would cost two updates of JDK-wide counters per spawn).
        this.trackingSeq = (int) ((goid * 0x9E3779B97F4A7C15L) >>> 32);
        this.tracking = (trackingSeq & (Sched.TRACKING_PERIOD - 1)) == 0;
    }

    /**
     * Called by the JDK each time this goroutine's virtual thread becomes runnable. A virtual thread
     * started by user code inside a goroutine inherits this executor too (JDK rule); its continuation
     * is a different object, and it is scheduled as an anonymous runnable rather than as this G.
     */
    @Override
    public void execute(Runnable continuation) {
        Runnable own = task;
        if (own == null) {
            task = own = continuation;
        }
        if (own != continuation) {
            Sched.readyForeignTask(continuation);
            return;
        }
        if (Tracer.on) {
            if (!QUEUED.compareAndSet(this, false, true)) return; // submitted again while queued (see queued)
            Tracer.ready(this);
        }
        if (tracking) runnableSince = System.nanoTime();
        LockedThread lt = locked;
        if (lt != null) {
            lt.submit(this);
        } else {
            Sched.ready(this);
        }
    }

    /** Has a goready arrived that gopark has not consumed yet? */
    boolean wakeupPending() {
        return wakeup == WAKE_READY;
    }

    /** True while this goroutine is parked by {@link Sched#gopark}. */
    public boolean isParked() {
        return status == Status.WAITING;
    }

    @Override
    public String toString() {
        return "goroutine " + goid;
    }
}
