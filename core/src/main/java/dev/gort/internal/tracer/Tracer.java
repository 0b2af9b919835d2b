package dev.gort.internal.tracer;

import dev.gort.internal.env.Env;
import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.symtab.SymTab;
import dev.gort.internal.traceback.Names;
import dev.gort.internal.traceback.Sites;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execution tracer: Go's runtime/trace.go, writing Go 1.19's trace format from gort's
 * scheduler. The scheduler calls the hooks below at the points where a goroutine is created,
 * mounted on a carrier, unmounted, readied, and where it announces why it is about to park;
 * each hook is behind one test of {@link #on}.
 *
 * <h2>What the trace says, and when</h2>
 * Go's parser replays a state machine per goroutine (runnable, running, waiting) and per P, and
 * merges the per-P batches using the sequence numbers of GoStart and GoUnblock; timestamps must
 * agree with the merged order. So every event must be written after the events it depends on:
 * <ul>
 * <li><b>Start</b> ({@code EvGoStart}) is written by the carrier when it mounts the goroutine.</li>
 * <li><b>Stop</b> (a block kind, {@code EvGoSched} or {@code EvGoEnd}) is written by the carrier
 *     once the continuation has unmounted, with the kind and stack that {@code gopark}
 *     announced ({@link #willPark}); an unmount nobody announced (a JDK lock, socket or
 *     {@code Thread.sleep}) is a plain {@code EvGoBlock}.</li>
 * <li><b>Unblock</b> is written in {@link #ready}, which the JDK calls when it resubmits the
 *     virtual thread. It can run before the carrier has written the stop: on that same carrier
 *     (the JDK resubmits from its after-yield code) the stop is written right there; on another
 *     thread, {@link #ready} waits for it — the window is the few instructions between the
 *     JDK's unmount and the end of {@code runG}, and the wait happens only while tracing.</li>
 * </ul>
 * One wake-up must thus reach {@link #ready} once, and one start must be one mount. The JDK
 * breaks both when something takes the stack of a virtual thread that is unmounted and runnable
 * (sysmon, goroutine profiles, dumps): it submits the thread again, and one of the two runs does
 * nothing. While tracing, the scheduler drops a submission of a goroutine that is still queued
 * ({@link G#queued}), and {@link #goStart} starts only a goroutine the trace sees runnable.
 * A goroutine that sysmon reported in a syscall writes its GoSysExit at its next event, or, if
 * it has left the native call by then, when the generation ends ({@link #syscallOver}).
 *
 * <h2>No stop-the-world</h2>
 * Go stops the world to write every goroutine's state at the start. gort introduces a goroutine
 * lazily, the first time an event needs it: its per-goroutine state ({@link G#traceState}) is
 * stamped with the generation ({@link Session#gen}), and a goroutine whose stamp is older is
 * unknown to this trace. A goroutine first met while running gets {@code EvGoCreate} +
 * {@code EvGoStart}; one first met when it is readied was waiting all along
 * ({@code EvGoCreate} + {@code EvGoWaiting}); a stop for a goroutine that this trace never saw
 * start is not written. A P is started lazily too: its first event after being acquired is
 * preceded by {@code EvProcStart}. A virtual thread that user code starts inside a goroutine is
 * no goroutine (the scheduler runs each of its submissions as a G of its own): each run shows as
 * a goroutine that is created, runs once and ends, under an id no goroutine has ({@link #goid}).
 *
 * <h2>Generations</h2>
 * A goroutine's trace state is written by several threads under different buffer locks (its
 * carrier, its waker, sysmon); within one generation the order above keeps them apart. Across
 * generations (a flight recorder's rotation, a trace stopped and another started) that order
 * does not help: a carrier that took its buffer just before the rotation still writes for the
 * old generation while the new one may already have met the same goroutine, and its write (a
 * stop, say) put the goroutine back under the old stamp, so the new generation introduced it a
 * second time ("no consistent ordering" in go tool trace). Hence the invariant: <b>every write
 * for a generation happens before any write for the next</b>, as in Go (1.19 stops the world to
 * start a trace; later Go's generations wait for every thread still writing for the old one).
 * {@link #end} closes the generation (it stops being {@link #session}), collects its buffers —
 * each buffer's lock waits out a writer still inside it, and a writer that takes the buffer later
 * sees the generation closed — and only then opens the next ({@link Session#open}); a buffer
 * attaches only to an open generation ({@link ProcTrace#lock}). A hook that runs between the
 * close and the open writes nothing, as if tracing were off for those microseconds: the
 * goroutines it concerns are introduced lazily later, like any other. So a goroutine is stamped
 * by one generation at a time, and never by an older one after a newer one.
 *
 * <h2>Stacks</h2>
 * A JVM stack walk costs microseconds, so stacks are reused per go statement and kind of event
 * for {@link #STACK_REUSE_NS} ({@link GStacks}); go statements are one cached frame.
 *
 * <h2>Also</h2>
 * Syscall hand-offs come from sysmon ({@link #syscallBlocked}); GC cycles from the JVM's
 * notifications ({@link #gcCycle}); the same moments go to JFR while a recording enables gort's
 * events ({@link Jfr}), which is why {@link #on} also follows JFR.
 *
 * <h2>Locks</h2>
 * Each buffer's own lock ({@link ProcTrace}), uncontended on the hot path; a writer holds one at
 * a time and, while it does, takes nothing but a sink's short monitor (a full chunk), so the
 * collection that ends a generation, which takes every buffer's lock in turn, always finishes.
 * {@link #LIFECYCLE} serialises start, stop and rotation and is never taken by a hook. The string
 * and stack tables are concurrent maps. No hook parks, and a chunk handed to the reader wakes it only after the
 * buffer's lock is dropped (waking may itself record an event).
 */
public final class Tracer {
    private Tracer() {}

    /** Is a trace or flight recorder recording? The scheduler's hooks test only this. */
    public static volatile boolean on;
    /** The generation being written, or null. */
    static volatile Session session;

    /** Events of threads without a P (Go's trace.buf, P id −1). */
    static final ProcTrace GLOBAL = new ProcTrace(-1, true);

    /** Serialises start, stop and rotation. */
    static final Object LIFECYCLE = new Object();
    private static final AtomicInteger generations = new AtomicInteger();
    /** P ids for buffers that are not GOMAXPROCS P's (sysmon's helper P's, locked threads). */
    private static final AtomicInteger extraPids = new AtomicInteger(10_000);

    // ---------------------------------------------------------------- clock

    private static final long EPOCH = System.nanoTime();
    /** A tick is 16 ns: timestamps stay small varints (Go divides CPU ticks by 16 or 64). */
    private static final int TICK_SHIFT = 4;
    /** Ticks per second, written in the EvFrequency footer. */
    static final long FREQUENCY = 1_000_000_000L >> TICK_SHIFT;

    static long ticks() {
        return ticksAt(System.nanoTime());
    }

    static long ticksAt(long nanoTime) {
        return Math.max(nanoTime - EPOCH, 0) >>> TICK_SHIFT;
    }

    /** P ids that have had a buffer (a P re-created after GOMAXPROCS shrank and grew again). */
    private static final Set<Integer> usedPids = ConcurrentHashMap.newKeySet();

    /**
     * A new buffer for P {@code id}, or for a P-like carrier when id is negative (sysmon's helper
     * P's, locked threads): those, and a P id met a second time, get ids from 10000 up, so that
     * no two buffers ever write batches under one P id (their order could not be kept).
     */
    public static ProcTrace procBuffer(int id) {
        return new ProcTrace(id >= 0 && usedPids.add(id) ? id : extraPids.getAndIncrement(), false);
    }

    // ---------------------------------------------------------------- lifecycle

    static int nextGen() {
        return generations.incrementAndGet();
    }

    static {
        Jfr.poll();
    }

    /** How often sysmon looks whether JFR has started (ticks of 10 ms). */
    static final int JFR_POLL_TICKS = 10;

    /** Sysmon's tick: notices a JFR that started after the tracer (see {@link Jfr#poll}). */
    public static void sysmonTick(long tick) {
        if (tick % JFR_POLL_TICKS == 0) Jfr.poll();
    }

    /** Recomputes {@link #on}: a generation is being written, or JFR records gort's events. */
    static void refreshOn() {
        synchronized (LIFECYCLE) {
            on = session != null || Jfr.on;
        }
    }

    /** Does anything record user annotations (a trace, a flight recorder, or JFR)? */
    public static boolean annotating() {
        return session != null || Jfr.annotations;
    }

    /** Is a trace or flight recorder writing (not just JFR)? runtime/trace.IsEnabled. */
    public static boolean recording() {
        return session != null;
    }

    /** Makes {@code s} the generation being written (no older one is: the last ended was collected). Under LIFECYCLE. */
    static void begin(Session s) {
        GcEvents.ensureStarted(); // GC notifications become GCStart/GCDone
        s.open = true;
        session = s;
        refreshOn();
        writeGomaxprocs();
    }

    /**
     * The generation's first event, as Go starts every trace: GOMAXPROCS. It also keeps a
     * generation in which nothing else happened a trace Go's parser reads (it refuses an empty one).
     */
    private static void writeGomaxprocs() {
        if (GLOBAL.lock(null) == null) return;
        try {
            GLOBAL.emit(Ev.GOMAXPROCS, 2, Sched.gomaxprocs(), 0, 0, 0);
        } finally {
            GLOBAL.unlock();
        }
    }

    /**
     * Ends generation {@code s} and collects every buffer's last chunk; {@code next} (or null)
     * becomes the one written from then on. Closes s first, opens next only once the collection
     * has waited out s's last writers (see "Generations" in the class comment). Under LIFECYCLE.
     */
    static void end(Session s, Session next) {
        for (G g : s.syscalls) syscallOver(s, g);
        s.syscalls.clear();
        session = next;
        refreshOn();
        s.collect();
        if (next == null) return;
        next.open = true;
        writeGomaxprocs();
    }

    /** The stream being written or still being read (Go's trace.enabled || trace.shutdown), or null. */
    private static volatile Stream stream;

    /** Go's runtime.StartTrace error text, also runtime/trace.Start's. */
    public static final String ALREADY_ENABLED = "tracing is already enabled";

    /** Go's StartTrace: starts a trace read with {@link #readTrace}; fails while one is on or still being read. */
    public static void startTrace() {
        synchronized (LIFECYCLE) {
            if (session != null || stream != null) throw new IllegalStateException(ALREADY_ENABLED);
            Stream st = new Stream();
            st.session = new Session(nextGen(), new Tables(), st);
            stream = st;
            begin(st.session);
        }
    }

    /** Go's ReadTrace: the next chunk, blocking until there is one; null once stopped and drained. */
    public static byte[] readTrace() {
        Stream st = stream;
        if (st == null) return null;
        byte[] b = st.read();
        if (b == null && st.drained.getCount() == 0) {
            synchronized (LIFECYCLE) {
                if (stream == st) stream = null;
            }
        }
        return b;
    }

    /**
     * Go's StopTrace: stops recording and returns once the reader has read everything (a no-op
     * when not tracing). {@code wait} false only stops (the reader itself stopping, on a write error).
     */
    public static void stopTrace(boolean wait) {
        Stream st;
        synchronized (LIFECYCLE) {
            st = stream;
            if (st == null || session != st.session) return;
            end(st.session, null);
            st.stopped = true;
        }
        st.wake();
        if (!wait) return;
        boolean interrupted = false;
        for (;;) {
            try {
                st.drained.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (LIFECYCLE) {
            if (stream == st) stream = null;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Is a streaming trace recording (runtime/trace.IsEnabled)? */
    public static boolean tracing() {
        Stream st = stream;
        return st != null && session == st.session;
    }

    /** The one-chunk footer: the tick frequency, then the stack and string tables. */
    static byte[] footer(Tables tables) {
        Tables.Out out = new Tables.Out();
        out.write(Ev.FREQUENCY);
        out.varint(FREQUENCY);
        byte[] t = tables.dump();
        out.write(t, 0, t.length);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- goroutine state

    private static final int RUNNABLE = 1, RUNNING = 2, WAITING = 3, DEAD = 4, SYSCALL = 5;

    private static int state(Session s, int status) {
        return s.gen << 3 | status;
    }

    private static ProcTrace bufferOf(Thread carrier) {
        ProcTrace p = Sched.procTrace(carrier);
        return p != null ? p : GLOBAL;
    }

    /**
     * g's id in the trace: its goid, or for a foreign G (one run of a virtual thread that user
     * code started inside a goroutine, Sched.readyForeignTask) an id of its own, so that each such
     * run shows as a goroutine that is created, runs once and ends. Foreign G's other than those
     * runs (plain threads) never reach the trace's goroutine events. Under the buffer's lock of
     * the carrier running g.
     */
    private static long goid(G g) {
        if (!g.foreign) return g.goid;
        if (g.traceGoid == 0) g.traceGoid = Sched.unusedGoid();
        return g.traceGoid;
    }

    /** EvGoCreate for a goroutine this trace meets for the first time; it is runnable after. */
    private static void introduce(ProcTrace pt, Session s, G g) {
        pt.emit(Ev.GO_CREATE, 3, goid(g), siteStack(s, g), 0, 0);
        g.traceSeq = 0;
        g.traceState = state(s, RUNNABLE);
    }

    /**
     * The stack standing for g's start function: the go statement's frame. Go records the
     * function the goroutine starts in; gort knows the site of the go statement without a walk
     * (docs/mapping.md).
     */
    private static long siteStack(Session s, G g) {
        return g.createdBy instanceof Sites.Site site ? s.tables.pcStack(site.pc()) : 0;
    }

    private static void start(ProcTrace pt, Session s, G g, Thread carrier) {
        pt.emit(Ev.GO_START, 2, goid(g), ++g.traceSeq, 0, 0);
        g.traceCarrier = carrier;
        g.traceState = state(s, RUNNING);
    }

    /** Makes the trace see {@code g}, which runs on {@code carrier}, as running. Under pt's lock. */
    private static void ensureRunning(ProcTrace pt, Session s, G g, Thread carrier) {
        int st = g.traceState;
        if (st == state(s, RUNNING)) return;
        if (st == state(s, SYSCALL)) {
            sysExit(pt, s, g, carrier);
            return;
        }
        if (st >>> 3 != s.gen) {
            introduce(pt, s, g);
        } else if ((st & 7) != RUNNABLE) {
            return;
        }
        start(pt, s, g, carrier);
    }

    /**
     * Writes the stop {@code g} announced, or {@code unannounced} if it announced none: a plain
     * block when the continuation is resumed from elsewhere, Gosched when the JDK resubmits it at
     * once from its own carrier (a {@code Thread.yield}, such as a runtime lock's spin). Under pt's lock.
     */
    private static void stop(ProcTrace pt, Session s, G g, int unannounced) {
        g.traceCarrier = null;
        if (g.status == Status.DEAD || g.foreign) { // a foreign G's run is over for good (goid)
            pt.emit(Ev.GO_END, 0, 0, 0, 0, 0);
            g.traceState = state(s, DEAD);
            return;
        }
        int announced = g.traceBlock;
        int kind = announced == 0 ? unannounced : announced;
        g.traceBlock = 0;
        pt.emit(kind, 1, announced == 0 ? 0 : stackId(s, g.traceStacks, GStacks.slot(kind)), 0, 0, 0);
        g.traceState = state(s, kind == Ev.GO_SCHED ? RUNNABLE : kind == Ev.GO_STOP ? DEAD : WAITING);
    }

    // ---------------------------------------------------------------- scheduler hooks

    /** Go's traceGoCreate: {@code g} was just made by the calling thread and is not started yet. */
    public static void goCreate(G g) {
        if (Jfr.on) Jfr.create(g.goid, g.parentGoid);
        Thread c = Sched.currentCarrierThread();
        ProcTrace pt = bufferOf(c);
        G creator = Sched.runningOn(c);
        Session s = pt.lock(c);
        if (s == null) return;
        try {
            if (creator != null) ensureRunning(pt, s, creator, c);
            long site = siteStack(s, g);
            pt.emit(Ev.GO_CREATE, 3, g.goid, site, site, 0); // the creator's stack: the go statement too
            g.traceSeq = 0;
            g.traceState = state(s, RUNNABLE);
        } finally {
            pt.unlock();
        }
    }

    /**
     * Go's traceGoStart: {@code carrier} is about to run {@code g}, writing to its P's buffer
     * {@code pt}. Only a goroutine the trace sees runnable (or does not know yet) starts: a run of
     * a goroutine that the trace sees waiting, or running elsewhere, is a run the JDK will turn
     * into nothing (a stale submission, see {@link G#queued}); if it does run after all (its
     * wake-up's unblock is still being written), its first event starts it ({@link #ensureRunning}).
     */
    public static void goStart(G g, Thread carrier, ProcTrace pt) {
        Session s = pt.lock(carrier);
        if (s == null) return;
        try {
            int st = g.traceState;
            if (st >>> 3 != s.gen) {
                introduce(pt, s, g);
            } else if ((st & 7) != RUNNABLE) {
                return;
            }
            start(pt, s, g, carrier);
        } finally {
            pt.unlock();
        }
    }

    /** {@code g}'s continuation returned to {@code carrier}: it parked, yielded or ended. */
    public static void goStop(G g, Thread carrier, ProcTrace pt) {
        goStop(g, carrier, pt, Ev.GO_BLOCK);
    }

    private static void goStop(G g, Thread carrier, ProcTrace pt, int unannounced) {
        Session s = pt.lock(carrier);
        if (s == null) return;
        try {
            if (g.traceState == state(s, SYSCALL) && g.traceCarrier == carrier) sysExit(pt, s, g, carrier);
            if (g.traceState == state(s, RUNNING) && g.traceCarrier == carrier) stop(pt, s, g, unannounced);
        } finally {
            pt.unlock();
        }
    }

    /**
     * Go's traceGoUnpark: the JDK resubmits {@code g} (G.execute). Writes the unblock, after
     * settling a stop still pending for it (see the class comment). Nothing for a goroutine that
     * was runnable already (just created, or yielded).
     */
    public static void ready(G g) {
        Thread c = Sched.currentCarrierThread();
        if (!settleStop(g, c)) return;
        Session s0 = session;
        if (s0 == null) return;
        int st0 = g.traceState;
        if (st0 >>> 3 == s0.gen && (st0 & 7) != WAITING) return;
        G waker = Sched.runningOn(c);
        if (waker != null) walk(waker, GStacks.WAKE);
        ProcTrace pt = bufferOf(c);
        Session s = pt.lock(c);
        if (s == null) return;
        try {
            if (waker != null) ensureRunning(pt, s, waker, c);
            int st = g.traceState;
            if (st >>> 3 != s.gen) {
                introduce(pt, s, g); // parked since before this trace began
                pt.emit(Ev.GO_WAITING, 1, g.goid, 0, 0, 0);
                g.traceSeq = 1;
            } else if ((st & 7) != WAITING) {
                return;
            }
            pt.emit(Ev.GO_UNBLOCK, 3, g.goid, ++g.traceSeq, waker == null ? 0 : stackId(s, waker.traceStacks, GStacks.WAKE), 0);
            g.traceState = state(s, RUNNABLE);
        } finally {
            pt.unlock();
        }
    }

    /** Go's goready, for JFR (the trace's unblock is written when the JDK resubmits g: {@link #ready}). */
    public static void goready(G g) {
        if (!Jfr.on) return;
        G waker = Sched.runningOn(Sched.currentCarrierThread());
        Jfr.unblock(g.goid, waker == null ? 0 : waker.goid);
    }

    /** Waits until no carrier other than {@code c} owes a stop for g; writes it if c owes it. False when tracing ended. */
    private static boolean settleStop(G g, Thread c) {
        for (int spins = 0; ; spins++) {
            Session s = session;
            if (s == null) return false;
            int st = g.traceState;
            if (st != state(s, RUNNING) && st != state(s, SYSCALL)) return true;
            if (g.traceCarrier == c) {
                goStop(g, c, bufferOf(c), Ev.GO_SCHED);
                return true;
            }
            if (spins > 10_000 && !Thread.currentThread().isVirtual()) Thread.yield();
            else Thread.onSpinWait();
        }
    }

    /**
     * Go's syscall hand-off as sysmon sees it: {@code carrier}, holding P buffer {@code pt}, has
     * been in native code with {@code g} mounted for two ticks, and sysmon starts a helper M.
     * Written by sysmon into the carrier's P buffer (its lock makes that safe): GoSysCall and
     * GoSysBlock. The goroutine's next event, once it is back, is preceded by GoSysExit and
     * GoStart. gort cannot see a syscall begin, so it shows from the moment sysmon noticed it.
     */
    public static void syscallBlocked(G g, Thread carrier, ProcTrace pt) {
        Session s = pt.lock(null);
        if (s == null) return;
        try {
            if (pt.running() && g.traceState == state(s, RUNNING) && g.traceCarrier == carrier) {
                pt.emit(Ev.GO_SYSCALL, 1, 0, 0, 0, 0);
                pt.emit(Ev.GO_SYS_BLOCK, 0, 0, 0, 0, 0);
                g.traceState = state(s, SYSCALL);
                s.syscalls.add(g);
            }
        } finally {
            pt.unlock();
        }
    }

    /**
     * Generation {@code s} ends (its writers still write to it): a goroutine it shows in a syscall
     * that has left the native call since (it may be about to end, after readying nobody) gets
     * its GoSysExit now, so that the trace does not end with a syscall that is over. One still
     * in native code stays in the syscall, as Go's trace shows it.
     */
    private static void syscallOver(Session s, G g) {
        Thread carrier = g.traceCarrier;
        ProcTrace pt = Sched.procTrace(carrier);
        if (pt == null || g.traceState != state(s, SYSCALL) || Sched.inNativeCall(g, carrier)) return;
        Session cur = pt.lock(carrier);
        if (cur == null) return;
        try {
            if (cur == s && g.traceState == state(s, SYSCALL) && g.traceCarrier == carrier) sysExit(pt, s, g, carrier);
        } finally {
            pt.unlock();
        }
    }

    /** g is back from the native call sysmon reported: GoSysExit, then GoStart. Under pt's lock. */
    private static void sysExit(ProcTrace pt, Session s, G g, Thread carrier) {
        pt.emit(Ev.GO_SYS_EXIT, 3, goid(g), ++g.traceSeq, 0, 0);
        start(pt, s, g, carrier);
    }

    /** Go's gopark trace arguments: the current goroutine is about to park for {@code reason}. */
    public static void willPark(G g, WaitReason reason) {
        if (Jfr.on) Jfr.block(g.goid, reason.text());
        if (session == null) return;
        int kind = blockKind(reason);
        walk(g, GStacks.slot(kind));
        g.traceBlock = kind;
    }

    /** The current goroutine is about to yield (Go's traceGoSched). */
    public static void willYield(G g) {
        if (session == null) return;
        walk(g, GStacks.slot(Ev.GO_SCHED));
        g.traceBlock = Ev.GO_SCHED;
    }

    /** The park announced by {@link #willPark} is over (it may not have unmounted at all). */
    public static void parked(G g) {
        g.traceBlock = 0;
    }

    /** The trace event for a park, as Go's gopark callers pass it. */
    static int blockKind(WaitReason r) {
        return switch (r) {
            case CHAN_SEND -> Ev.GO_BLOCK_SEND;
            case CHAN_RECEIVE -> Ev.GO_BLOCK_RECV;
            case SELECT -> Ev.GO_BLOCK_SELECT;
            case SEMACQUIRE, SYNC_MUTEX_LOCK, SYNC_RWMUTEX_LOCK, SYNC_RWMUTEX_RLOCK, SYNC_WAITGROUP_WAIT -> Ev.GO_BLOCK_SYNC;
            case SYNC_COND_WAIT -> Ev.GO_BLOCK_COND;
            case SLEEP -> Ev.GO_SLEEP;
            case IO_WAIT -> Ev.GO_BLOCK_NET;
            case CHAN_SEND_NIL_CHAN, CHAN_RECEIVE_NIL_CHAN, SELECT_NO_CASES -> Ev.GO_STOP; // blocked for good
            default -> Ev.GO_BLOCK;
        };
    }

    /** Go's traceProcStop: the carrier gives P {@code pt} up (written while it still holds it). */
    public static void procStop(ProcTrace pt) {
        Session s = pt.lock(null);
        if (s == null) return;
        try {
            pt.procStop();
        } finally {
            pt.unlock();
        }
    }

    /** Go's traceGomaxprocs: GOMAXPROCS became {@code procs}. */
    public static void gomaxprocs(int procs) {
        event(Ev.GOMAXPROCS, procs, 0, null, null);
    }

    /** One GC cycle from the JVM's notification (after the fact): GCStart/GCDone at its times, then the heap figures. */
    public static void gcCycle(long startNanoTime, long endNanoTime, long heapLive, long heapGoal) {
        Session s = GLOBAL.lock(null);
        if (s == null) return;
        try {
            GLOBAL.emitAt(ticksAt(startNanoTime), Ev.GC_START, 2, s.gcSeq++, 0, 0, 0);
            GLOBAL.emitAt(ticksAt(endNanoTime), Ev.GC_DONE, 0, 0, 0, 0, 0);
            GLOBAL.emit(Ev.HEAP_ALLOC, 1, heapLive, 0, 0, 0);
            if (heapGoal > 0) GLOBAL.emit(Ev.HEAP_GOAL, 1, heapGoal, 0, 0, 0);
        } finally {
            GLOBAL.unlock();
        }
    }

    // ---------------------------------------------------------------- user annotations

    /** Go's userTaskCreate. */
    public static void userTaskCreate(long id, long parent, String name) {
        if (Jfr.annotations) Jfr.taskBegin(id, parent, name);
        event(Ev.USER_TASK_CREATE, id, parent, name, null);
    }

    /** Go's userTaskEnd. */
    public static void userTaskEnd(long id) {
        if (Jfr.annotations) Jfr.taskEnd(id);
        event(Ev.USER_TASK_END, id, 0, null, null);
    }

    /** Go's userRegion: mode 0 starts, 1 ends a region of type {@code name}. */
    public static void userRegion(long id, int mode, String name) {
        if (Jfr.annotations) Jfr.region(id, name, mode == 1);
        event(Ev.USER_REGION, id, mode, name, null);
    }

    /** Go's userLog. */
    public static void userLog(long id, String category, String message) {
        if (Jfr.annotations) Jfr.log(id, category, message);
        event(Ev.USER_LOG, id, 0, category, message);
    }

    /**
     * An event with a stack from the calling thread: {@code a}, {@code b}, then {@code name} as a
     * string id when given; a log's {@code value} follows it inline.
     */
    private static void event(int type, long a, long b, String name, String value) {
        if (session == null) return;
        Thread c = Sched.currentCarrierThread();
        ProcTrace pt = bufferOf(c);
        G g = Sched.runningOn(c);
        long[] pcs = callers();
        Session s = pt.lock(c);
        if (s == null) return;
        try {
            if (g != null) ensureRunning(pt, s, g, c);
            long stk = s.tables.stack(pcs);
            switch (type) {
                case Ev.GOMAXPROCS, Ev.USER_TASK_END -> pt.emit(type, 2, a, stk, 0, 0);
                case Ev.USER_LOG -> pt.userLog(a, s.tables.string(name), stk, value);
                default -> pt.emit(type, 4, a, b, s.tables.string(name), stk);
            }
        } finally {
            pt.unlock();
        }
    }

    // ---------------------------------------------------------------- stacks

    /**
     * GODEBUG=tracestackus=N: the stack for one kind of park (and for readying others) of the
     * goroutines of one go statement ({@link GStacks}) is walked at most once per N microseconds
     * and reused in between; 0 walks it for every event, as Go records it. A JVM stack walk costs
     * microseconds (Go's frame-pointer unwind, nanoseconds), so walking on every park and unpark
     * would multiply the cost of a channel hand-off many times over; the default, 1000 µs, bounds
     * the walks to one per millisecond per go statement and kind. In between, code that parks at
     * two sites for the same reason reports the site walked last (docs/mapping.md).
     */
    static final long STACK_REUSE_NS = Math.max(Env.godebug("tracestackus", 1000), 0) * 1000L;

    /** Walks g's stack into {@code slot} unless the one there is younger than STACK_REUSE_NS. g's own thread. */
    private static void walk(G g, int slot) {
        GStacks st = g.traceStacks;
        if (st == null) g.traceStacks = st = GStacks.of(g);
        long now = System.nanoTime();
        if (st.pcs[slot] != null && now - st.walkedAt[slot] < STACK_REUSE_NS) return;
        st.pcs[slot] = callers();
        st.walkedAt[slot] = now;
        st.idGen[slot] = 0; // a new stack: intern it again
    }

    /** The table id of the stack in {@code slot}, interned once per generation. */
    private static long stackId(Session s, GStacks st, int slot) {
        if (st == null || st.pcs[slot] == null) return 0;
        if (st.idGen[slot] != s.gen) {
            st.id[slot] = s.tables.stack(st.pcs[slot]);
            st.idGen[slot] = s.gen;
        }
        return st.id[slot];
    }

    /** The walker for {@link #callers}, made at the first traced stack (not at every start-up, where P's load Tracer). */
    private static final class Walker {
        static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    }

    /**
     * The calling thread's stack as PCs, innermost first, without gort's runtime frames and the
     * JDK's virtual-thread machinery (as Go's trace stacks start at the caller of the runtime).
     */
    static long[] callers() {
        return Walker.WALKER.walk(frames -> frames
                .filter(f -> !Names.isRuntimeFrame(f.getClassName()))
                .limit(Tables.MAX_FRAMES)
                .mapToLong(SymTab::pc)
                .toArray());
    }
}
