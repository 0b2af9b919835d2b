package dev.gort.internal.sched;

import dev.gort.internal.env.Env;
import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.metrics.TimeHistogram;
import dev.gort.internal.panics.Crash;
import dev.gort.internal.tracer.ProcTrace;
import dev.gort.internal.tracer.Tracer;
import dev.gort.internal.prof.ServeFromEnv;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The goroutine scheduler: Go's {@code sched} and proc.go, on virtual threads.
 *
 * <h2>Design</h2>
 * Every goroutine is a virtual thread whose executor is its own {@link G}. The JDK calls
 * {@code G.execute} once per transition to runnable (start, unpark, yield, timer expiry); the G
 * hands itself to {@link #ready}, which places it as Go does: into the current P's
 * {@code runnext} when a running goroutine readied it (so a channel partner runs next on the same
 * carrier, with no cross-thread wake-up), on the global queue when it yielded (Go's Gosched) or
 * was readied from outside the scheduler (timer threads, plain Java threads). {@link M} threads,
 * at most GOMAXPROCS of them holding a P at a time, run the queues; idle M's park. See {@link M}
 * for the spinning/idle protocol that makes wake-ups impossible to lose.
 *
 * <h2>Hand-off policy</h2>
 * A virtual-thread switch (park, unpark, unmount, mount) costs about what Go's whole channel round
 * trip does, so gort's hand-offs avoid it where the cores allow:
 * <ul>
 *   <li>On one P (or one CPU) the readied partner goes to {@code runnext} and runs on this carrier
 *       as soon as the readier blocks: one switch per hand-off, the JVM's floor. Nothing spins:
 *       the partner cannot run while we spin.</li>
 *   <li>With two or more P's, a goroutine about to park first spins on its wake-up flag for up to
 *       {@link #SPIN_NANOS} ({@link #spinForWakeup}), but only while another P is running a
 *       goroutine and no work is queued anywhere; a waker that finds it spinning just flips the
 *       flag (no unpark, no trip through the JDK). Two goroutines handing values back and forth
 *       on two carriers thus never park.</li>
 *   <li>A goroutine readied by a running one stays in that P's {@code runnext}, as in Go: pairs
 *       are not moved apart on purpose. (An earlier policy handed such a goroutine to an idle P
 *       so that the pair would spin on two carriers; measured, it split pairs that then contended
 *       on the channel's lock, whose holder the OS had descheduled, and sent the loser through the
 *       global queue: at GOMAXPROCS=2 ping-pong cost ~765 ns with it and ~575–620 ns without.)</li>
 *   <li>A spin that times out makes the goroutine skip spinning for its next 1, 2, 4 …
 *       {@link #SPIN_BACKOFF_MAX} parks, so a slow partner, a loaded machine or a
 *       producer/consumer crowd costs at most a few µs of CPU now and then.</li>
 * </ul>
 *
 * <p>The scheduler knows nothing of channels: channels, select, timers and semaphores block a
 * goroutine with {@link #gopark} and wake it with {@link #goready}, and those two calls are the
 * single place where wait reasons, and later profiling and tracing hooks, are recorded.
 *
 * <h2>Sysmon</h2>
 * A platform thread wakes every {@value #SYSMON_TICK_MS} ms: it advances the coarse clock
 * {@link #tick}, starts a helper M when a carrier has sat in native code (a blocking file read
 * pins a carrier even on JDK 25) for two ticks — Go's handoff of a P blocked in a syscall — and
 * runs the deadlock probe ({@link CheckDead}), whose {@link #deadlockAction} is fatal under {@code Go.main} and a report
 * otherwise. It also wakes an
 * idle P when work sits queued with nobody looking for it: {@link #ready} does not wake one for a
 * goroutine that is its P's only work, so a goroutine readied by one that then runs on without
 * blocking waits at most one tick for another P (Go would steal it after ~3 µs, but pays a
 * wake-up on every hand-off).
 *
 * <h2>Locks</h2>
 * One monitor, {@link #LOCK} (Go's {@code sched.lock}), guards the idle P and idle M lists,
 * {@link #allp} replacement and {@link #npidle}. It is never held while parking or while calling
 * out. Run queues are lock-free (see {@link RunQueue}); the global queue is a concurrent queue.
 *
 * <h2>Fallback</h2>
 * Without {@code --add-opens java.base/java.lang} the JDK's own scheduler runs goroutines: one
 * warning line is printed, GOMAXPROCS is recorded but not enforced, LockOSThread is refused and
 * there are no per-P figures (docs/mapping.md).
 */
public final class Sched {
    private Sched() {}

    static final int SYSMON_TICK_MS = 10;

    /**
     * Go's gTrackingPeriod: one runnable period in this many is timed for
     * {@link #LATENCIES}, so the scheduler's hand-off path reads the clock only rarely.
     */
    static final int TRACKING_PERIOD = 8;
    /**
     * {@code /sched/latencies:seconds}: sampled delays from runnable (readied, started or yielded) to
     * running on a carrier. Each sample stands for one runnable period (Go records them unscaled too).
     */
    public static final TimeHistogram LATENCIES = new TimeHistogram();

    /** Whether goroutines run on gort's own scheduler (false: JDK default scheduler fallback). */
    public static final boolean CUSTOM = VirtualThreads.UNAVAILABLE == null;
    /** gort's carrier threads live here, outside the program's "main" thread group. */
    static final ThreadGroup THREADS = new ThreadGroup(rootGroup(), "gort");

    private static final Object LOCK = new Object();
    /** Every live P, indexed by id (helper P's excluded). Replaced under LOCK. */
    static volatile P[] allp;
    static volatile int gomaxprocs;
    /** When the scheduler started (System.nanoTime). */
    public static final long START_NANOS = System.nanoTime();
    /**
     * GOMAXPROCS integrated over time (P × ns) from {@link #START_NANOS} up to {@link #procsSince},
     * for {@code /cpu/classes/total:cpu-seconds}. Both guarded by LOCK, advanced at each GOMAXPROCS change.
     */
    private static long procNanos;
    private static long procsSince = START_NANOS;
    /** Idle P's; with npidle, guarded by LOCK. */
    private static final ArrayDeque<P> pidle = new ArrayDeque<>();
    static volatile int npidle;
    /** Parked M's, guarded by LOCK. */
    private static final ArrayDeque<M> midle = new ArrayDeque<>();
    /** M ids handed out, scheduler M's and locked threads alike (Go's sched.mnext). Guarded by LOCK. */
    private static int mcount;
    /** M's looking for work without having found any (Go's sched.nmspinning). */
    static final AtomicInteger nmspinning = new AtomicInteger();

    private static final ConcurrentLinkedQueue<G> globalQueue = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger globalSize = new AtomicInteger();

    static final AtomicLong goidgen = new AtomicLong(2); // 1 is reserved for main
    /** Live runtime-internal goroutines (in {@link AllGs}, not counted by NumGoroutine). */
    private static final AtomicInteger nsystem = new AtomicInteger();
    private static final ThreadLocal<G> CURRENT = new ThreadLocal<>();

    /** Coarse clock: sysmon ticks since start. */
    static volatile long tick;
    /** Timers and other runtime wake sources that can ready a goroutine later; >0 rules out deadlock. */
    public static final AtomicLong pendingWakeSources = new AtomicLong();
    /**
     * Called by sysmon when every goroutine is blocked for good: Go.main sets Go's fatal error;
     * null (outside Go.main) means a report on stderr, {@code Crash.libraryDeadlock} (the host owns
     * the process). Not a method reference by default: linking one costs every start-up about a
     * millisecond.
     */
    public static volatile Runnable deadlockAction;
    /**
     * Set when gort ends the process ({@code Crash.exit}): sysmon then hands no more P's over, since
     * the exiting goroutine sits in the JVM's native exit code, which is no syscall to work around,
     * and probing it would load java.management while the process ends.
     */
    public static volatile boolean exiting;
    /** The thread that waits in Go.main: not a potential waker. */
    public static volatile Thread mainWaiter;
    /** Signal handlers gort installs for itself (the SIGUSR1 dump): they wake no goroutine. */
    public static final Set<Object> RUNTIME_SIGNAL_HANDLERS = ConcurrentHashMap.newKeySet();

    static {
        initSocketPollers();
        int n = Env.gomaxprocs(Runtime.getRuntime().availableProcessors());
        P[] ps = new P[n];
        for (int i = 0; i < n; i++) {
            ps[i] = new P(i);
            pidle.push(ps[i]);
        }
        allp = ps;
        gomaxprocs = n;
        npidle = n;
        if (!CUSTOM) {
            // On the module path java.lang must be opened to gort's module by name; on the class path, to ALL-UNNAMED.
            String opensTo = Sched.class.getModule().isNamed() ? Sched.class.getModule().getName() : "ALL-UNNAMED";
            System.err.println("gort: warning: --add-opens java.base/java.lang=" + opensTo + " is missing ("
                    + VirtualThreads.UNAVAILABLE + "); goroutines run on the JDK's default scheduler: "
                    + "GOMAXPROCS is not enforced and LockOSThread is unavailable (see docs/mapping.md)");
        }
        Thread sysmon = new Thread(THREADS, Sched::sysmon, "gort-sysmon", 0, false);
        sysmon.setDaemon(true);
        sysmon.start();
        // GODEBUG=gctrace, GOGC and GOMEMLIMIT take effect at start, as in Go (no-op when unset).
        GcEvents.startIfConfigured();
        // GORT_PPROF_ADDR serves /debug/pprof/ with no code change (no-op when unset).
        ServeFromEnv.startIfConfigured();
    }

    /**
     * The JDK's socket pollers are, by default on Linux, virtual threads started by whichever thread
     * first touches a socket; started from a goroutine they would inherit gort's scheduler and
     * compete for P's (a CPU-bound goroutine on the only P would then delay every socket wake-up in
     * the JVM). Unless the program chose a mode ({@code -Djdk.pollerMode}), gort selects the JDK's
     * platform-thread pollers (mode 1), which inherit nothing and start when first needed, as in a
     * plain Java program; starting virtual-thread pollers eagerly instead (what a chosen mode 2
     * gets) costs a ForkJoinPool and ~150 classes at every start-up. A poller initialised before
     * gort was loaded keeps its mode.
     */
    private static void initSocketPollers() {
        String mode = System.getProperty("jdk.pollerMode");
        if (mode == null) {
            System.setProperty("jdk.pollerMode", "1");
            return;
        }
        try {
            Class.forName("sun.nio.ch.Poller", true, null); // started from this platform thread
        } catch (Throwable ignored) {
            // Not fatal: only socket wake-ups would then be routed through gort's executor.
        }
    }

    static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        if (g == null) g = new Thread(() -> {}).getThreadGroup(); // a virtual thread reports none when dead
        while (g.getParent() != null) g = g.getParent();
        return g;
    }

    // ---------------------------------------------------------------- goroutines

    /** The G of the running goroutine, or the calling thread's foreign G. Never null. */
    public static G currentG() {
        if (CUSTOM) {
            Thread t = Thread.currentThread();
            if (t.isVirtual() && VirtualThreads.currentCarrier() instanceof Carrier c) {
                G g = c.curg;
                if (g != null && g.thread == t) return g;
            }
        }
        G g = CURRENT.get();
        if (g == null) {
            g = new G(0, 0, null, false, true);
            g.thread = Thread.currentThread();
            g.status = Status.RUNNING;
            CURRENT.set(g);
            registerForeign(g);
        }
        return g;
    }

    /**
     * The id of the P running the current goroutine, or -1 on a thread that holds none (a plain
     * thread, a locked thread, the JDK's scheduler in fallback mode). Go's {@code procPin} without
     * the pin: a goroutine is not pre-empted, but it may change P whenever it blocks, so callers
     * use the id only as a locality hint and stay correct when two threads share a slot.
     */
    public static int currentPid() {
        if (CUSTOM && Thread.currentThread().isVirtual() && VirtualThreads.currentCarrier() instanceof M m) {
            P p = m.p;
            if (p != null) return p.id;
        }
        return -1;
    }

    /**
     * Foreign G's of threads that used gort, for {@link CheckDead} (a plain virtual thread parked
     * on a channel is asleep, not a possible waker). Dead threads' G's are dropped when the set
     * has doubled since the last sweep, so the set stays proportional to the live ones.
     */
    private static final Set<G> foreignGs = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger foreignSweepAt = new AtomicInteger(64);

    private static void registerForeign(G g) {
        foreignGs.add(g);
        int size = foreignGs.size();
        int at = foreignSweepAt.get();
        if (size >= at && foreignSweepAt.compareAndSet(at, Integer.MAX_VALUE)) {
            foreignGs.removeIf(f -> !f.thread.isAlive());
            foreignSweepAt.set(Math.max(64, 2 * foreignGs.size()));
        }
    }

    /** The live foreign G's. */
    static Collection<G> foreignGs() {
        foreignGs.removeIf(f -> !f.thread.isAlive());
        return foreignGs;
    }

    /**
     * Go's newproc: starts a goroutine running {@code body} (which must not throw: the caller wraps
     * panics) with id {@code goid} (0: the next one). Labels are inherited from the creator.
     */
    public static G newproc(long goid, Runnable body, Object createdBy, boolean system) {
        G parent = currentG();
        P p = parent.m instanceof M m ? m.p : null; // held by this carrier while parent runs Java code
        G g = new G(goid != 0 ? goid : newGoid(p), parent.goid, createdBy, system, false);
        g.labels = parent.labels;
        Thread t = VirtualThreads.newThread(g, new GoroutineEntry(g, body));
        g.thread = t;
        g.status = Status.RUNNABLE;
        if (system) nsystem.incrementAndGet();
        AllGs.add(g, p != null ? p.id : Thread.currentThread().threadId());
        if (Tracer.on) Tracer.goCreate(g);
        if (goid == MAIN_GOID) mainStarted = true;
        t.start();
        return g;
    }

    /**
     * A goroutine's outermost frame: its body, then goexit0. A class, not a lambda: the first
     * goroutine of every program would otherwise link one (a method-handle form spun at start-up).
     */
    private static final class GoroutineEntry implements Runnable {
        private final G g;
        private final Runnable body;

        GoroutineEntry(G g, Runnable body) {
            this.g = g;
            this.body = body;
        }

        @Override
        public void run() {
            try {
                if (!CUSTOM) CURRENT.set(g);
                body.run();
            } finally {
                goexit0(g);
            }
        }
    }

    /** Go's goidcache: a P takes goroutine ids from {@link #goidgen} this many at a time. */
    static final int GOID_BATCH = 16;

    /**
     * A fresh goroutine id: from the spawning P's batch ({@code p}: the P held by the carrier of
     * the spawning goroutine, or null) so that goroutines spawning on several P's do not all update
     * one counter (Go's goidcache); else from goidgen. Ids are unique and increase per P, not
     * globally, as in Go.
     */
    private static long newGoid(P p) {
        if (p == null) return goidgen.getAndIncrement();
        if (p.goidNext == p.goidEnd) {
            p.goidNext = goidgen.getAndAdd(GOID_BATCH);
            p.goidEnd = p.goidNext + GOID_BATCH;
        }
        return p.goidNext++;
    }

    /**
     * An id no goroutine has or will have, for something that must show as a goroutine without
     * being one (a foreign virtual thread's run in a trace).
     */
    public static long unusedGoid() {
        return goidgen.getAndIncrement();
    }

    /** The id Go.main gives its goroutine. */
    public static final long MAIN_GOID = 1;
    /** Set once goroutine 1 is in {@link AllGs}: the deadlock probe waits for it. */
    static volatile boolean mainStarted;

    /** Go's goexit0: the goroutine is gone. */
    private static void goexit0(G g) {
        g.status = Status.DEAD;
        AllGs.remove(g);
        if (g.system) nsystem.decrementAndGet();
        g.frame = null;
        g.panic = null;
    }

    /**
     * Starts a daemon platform thread for a runtime service (the timer thread, the MBean
     * registration). It lives in gort's thread group, so the deadlock probe does not count it as a
     * thread that could wake a goroutine: a service that can wake one says so through
     * {@link #pendingWakeSources}.
     */
    public static Thread startRuntimeThread(String name, Runnable body) {
        Thread t = new Thread(THREADS, body, name, 0, false);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---------------------------------------------------------------- for the tracer

    /** The carrier running the calling code: the current thread itself unless it is a mounted virtual thread. */
    public static Thread currentCarrierThread() {
        Thread t = Thread.currentThread();
        return CUSTOM && t.isVirtual() ? VirtualThreads.currentCarrier() : t;
    }

    /** The trace buffer {@code carrier} writes to (its P's, or a locked thread's own), or null. */
    public static ProcTrace procTrace(Thread carrier) {
        return carrier instanceof Carrier c ? c.traceProc() : null;
    }

    /** The goroutine the calling thread is, if it runs mounted on {@code carrier}; else null. */
    public static G runningOn(Thread carrier) {
        if (!(carrier instanceof Carrier c)) return null;
        G g = c.curg;
        return g != null && g.thread == Thread.currentThread() ? g : null;
    }

    /** Go's NumGoroutine: live goroutines, the runtime's own excluded. */
    public static int numGoroutine() {
        return AllGs.size() - nsystem.get();
    }

    /** A snapshot of every live goroutine, in no particular order. */
    public static List<G> allGoroutines() {
        return AllGs.snapshot();
    }

    /** Milliseconds (at sysmon's resolution) since the coarse time {@code since} ({@link G#waitSince}). */
    public static long millisSince(long since) {
        return (tick - since) * SYSMON_TICK_MS;
    }

    /** The id of the M (carrier) running the caller, as schedtrace numbers them; 0 off the scheduler. */
    public static int currentM() {
        if (!CUSTOM || !Thread.currentThread().isVirtual()) return 0;
        return VirtualThreads.currentCarrier() instanceof Carrier c ? c.id : 0;
    }

    /** Is g wired to an OS thread by LockOSThread? */
    public static boolean isLocked(G g) {
        return g.locked != null;
    }

    // ---------------------------------------------------------------- park / ready

    /**
     * Go's gopark: blocks the current goroutine (or foreign thread) until {@link #goready} is called
     * for it. The caller must have made itself findable by its waker (on a wait queue) before
     * calling; a goready that comes first is remembered, so the park then returns at once. Each
     * gopark is matched by exactly one goready.
     *
     * <p>Handshake on {@link G#wakeup}: the parker first spins for a while when that can pay (see
     * {@link #spinForWakeup}); to park it moves NONE → PARKED by CAS, and goready swaps in READY
     * and unparks the thread only if it saw PARKED. A wake-up that lands during the spin therefore
     * costs the waker one atomic swap and the parker no trip through the JDK's scheduler.
     */
    public static void gopark(WaitReason reason) {
        gopark(currentG(), reason);
    }

    /** {@link #gopark(WaitReason)} for a caller that already has the current goroutine {@code g}. */
    public static void gopark(G g, WaitReason reason) {
        g.setWait(reason, tick);
        g.parkSeq++;
        g.setStatus(Status.WAITING);
        if (Tracer.on) Tracer.willPark(g, reason);
        if (!spinForWakeup(g) && G.WAKEUP.compareAndSet(g, G.WAKE_NONE, G.WAKE_PARKED)) {
            boolean interrupted = false;
            do {
                LockSupport.park(g);
                if (Thread.interrupted()) interrupted = true; // Go has no interrupts: keep it for the program
            } while (g.wakeup != G.WAKE_READY);
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (Tracer.on) Tracer.parked(g);
        // A release store, not a volatile one (no StoreLoad fence on every hand-off): the next
        // goready for g comes from a waker that found g where g makes itself findable again (a wait
        // queue under a lock), and that lock's release, later in g's program order, publishes this.
        G.WAKEUP.setRelease(g, G.WAKE_NONE);
        g.setStatus(Status.RUNNING);
        g.setWait(WaitReason.ZERO, 0);
    }

    /** Go's goready: makes a goroutine parked (or about to park) in {@link #gopark} runnable. */
    public static void goready(G g) {
        if (Tracer.on) Tracer.goready(g);
        if ((int) G.WAKEUP.getAndSet(g, G.WAKE_READY) == G.WAKE_PARKED) LockSupport.unpark(g.thread);
    }

    // ---------------------------------------------------------------- the hand-off policy

    /**
     * How long gopark spins before parking: about what a park, an unpark and the wake-up of an
     * idle carrier cost together at GOMAXPROCS &gt; 1, so a spin that fails at most doubles the
     * cost of the wait it precedes (the classic competitive bound for spin-then-block).
     */
    static final long SPIN_NANOS = 4_000;
    /** Longest pause, in parks, after spins that timed out (the pause doubles from 1 up to this). */
    static final int SPIN_BACKOFF_MAX = 64;

    /**
     * The waiting side of the hand-off policy: spins on {@code g.wakeup} for up to
     * {@link #SPIN_NANOS} when a waker is likely to come soon from another carrier, and reports
     * whether the wake-up arrived (consumed by gopark). Spinning pays only when
     * <ul>
     *   <li>the machine has more than one CPU and GOMAXPROCS &gt; 1 (on one P the waker cannot
     *       run while we spin: every spin would be pure loss);</li>
     *   <li>another P is running a goroutine (busy P's, not counting idle ones and M's that are
     *       only looking for work, exceed one: Go's canSpin rule), since only a running goroutine
     *       can ready us soon;</li>
     *   <li>no work is queued anywhere (never spin while another goroutine waits to run: parking
     *       gives this carrier to it, or lets it steal it);</li>
     *   <li>the goroutine's recent spins succeeded: a spin that times out makes it skip the next
     *       1, 2, 4 … {@link #SPIN_BACKOFF_MAX} parks (a slow partner costs little CPU), and a
     *       successful spin resets that.</li>
     * </ul>
     */
    private static boolean spinForWakeup(G g) {
        if (NCPU == 1 || gomaxprocs == 1 || g.foreign || Tracer.on) return false;
        if (g.spinSkip > 0) {
            g.spinSkip--;
            return false;
        }
        if (!spinWorthwhile(g)) return false;
        long deadline = 0;
        for (int i = 1; ; i++) {
            if (g.wakeup == G.WAKE_READY) {
                g.spinBackoff = 0;
                return true;
            }
            Thread.onSpinWait();
            if ((i & 63) == 0) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + SPIN_NANOS;
                } else if (now - deadline > 0) {
                    break;
                } else if (!spinWorthwhile(g)) {
                    return false; // work arrived, or the other P went idle: park without penalty
                }
            }
        }
        g.spinBackoff = Math.min(Math.max(1, 2 * g.spinBackoff), SPIN_BACKOFF_MAX);
        g.spinSkip = g.spinBackoff;
        return false;
    }

    /** Are the conditions of {@link #spinForWakeup} met now (g is the current goroutine)? */
    private static boolean spinWorthwhile(G g) {
        return g.m instanceof M m && m.p != null
                && gomaxprocs - npidle - nmspinning.get() > 1
                && !anyLocalWork();
    }

    /** Go's Gosched: yields the processor; the goroutine stays runnable (on the global queue). */
    public static void gosched() {
        if (Tracer.on) Tracer.willYield(currentG());
        Thread.yield();
    }

    /** Go's active_spin: how many times sync.Mutex may spin before it parks. */
    private static final int ACTIVE_SPIN = 4;
    private static final int NCPU = Runtime.getRuntime().availableProcessors();

    /**
     * Go's sync_runtime_canSpin (hook for the runtime semaphores' users, sync.Mutex): may spin
     * iteration {@code iter} go ahead instead of parking? Only a few times, on a multicore machine,
     * while another P is running (GOMAXPROCS &gt; idle P's + spinning M's + 1) and the current P has
     * nothing queued locally. A plain Java thread has no P: the OS schedules it, so only the global
     * conditions apply.
     */
    public static boolean canSpin(int iter) {
        if (iter >= ACTIVE_SPIN || NCPU <= 1 || gomaxprocs <= npidle + nmspinning.get() + 1) return false;
        Thread t = Thread.currentThread();
        if (CUSTOM && t.isVirtual() && VirtualThreads.currentCarrier() instanceof M m) {
            P p = m.p;
            return p == null || p.runq.isEmpty();
        }
        return true;
    }

    /** Places a goroutine that has become runnable (called from {@link G#execute}). */
    static void ready(G g) {
        g.setStatus(Status.RUNNABLE);
        Thread t = Thread.currentThread();
        Thread c = t.isVirtual() ? VirtualThreads.currentCarrier() : t;
        if (c instanceof M m) {
            P p = m.p;
            if (p != null && m.curg != g) {
                // Readied by the goroutine running here: it runs next on this P (Go's runqput next=true).
                // A goroutine that becomes this P's only work runs as soon as the current one
                // blocks, which in a channel hand-off is at once: waking another P for it only makes
                // that P fight over runnext's cache line (ping-pong at GOMAXPROCS=2: ~700 -> ~470 ns).
                // Go wakes one anyway; gort leaves it to sysmon's backstop (at most one tick).
                boolean next = t.isVirtual();
                boolean onlyWork = next && p.runq.isEmpty();
                G[] spill = p.runq.put(g, next);
                if (spill != null) for (G s : spill) globrunqput(s);
                if (!onlyWork) wakep();
                return;
            }
        }
        globrunqput(g); // yielded, or readied from outside the scheduler
        wakep();
    }

    /** A virtual thread that user code started inside a goroutine inherited our executor: run it as anonymous work. */
    static void readyForeignTask(Runnable continuation) {
        G w = new G(0, 0, null, false, true);
        w.task = continuation;
        globrunqput(w);
        wakep();
    }

    static void globrunqput(G g) {
        globalQueue.offer(g);
        globalSize.incrementAndGet();
    }

    /** Go's globrunqget: one goroutine from the global queue, plus a fair share moved to pp's queue. */
    static G globrunqget(P pp) {
        if (globalSize.get() == 0) return null;
        G g = globalQueue.poll();
        if (g == null) return null;
        globalSize.decrementAndGet();
        int share = Math.min(globalSize.get() / Math.max(1, gomaxprocs), RunQueue.SIZE / 2);
        for (int i = 0; i < share; i++) {
            G more = globalQueue.poll();
            if (more == null) break;
            globalSize.decrementAndGet();
            G[] spill = pp.runq.put(more, false);
            if (spill != null) {
                for (G s : spill) globrunqput(s);
                break;
            }
        }
        return g;
    }

    /** Go's wakep: start a spinning M if a P is idle and nobody is spinning already. */
    static void wakep() {
        if (npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) return;
        P p = pidleget();
        if (p == null) {
            nmspinning.decrementAndGet();
            return;
        }
        startm(p, true);
    }

    /** Go's startm: runs P {@code p} on an idle M, or on a new one. */
    private static void startm(P p, boolean spinning) {
        M m;
        int id;
        synchronized (LOCK) {
            m = midle.poll();
            if (m == null) checkmcount(1);
            id = m == null ? mcount++ : -1;
        }
        if (m != null) {
            m.wake(p, spinning);
        } else {
            m = new M(id, p, spinning);
            m.start();
        }
    }

    static void midleput(M m) {
        synchronized (LOCK) {
            midle.push(m);
        }
    }

    static P pidleget() {
        synchronized (LOCK) {
            return pidlegetLocked();
        }
    }

    private static P pidlegetLocked() {
        P p = pidle.poll();
        if (p != null) npidle = npidle - 1;
        return p;
    }

    /**
     * An M gives up {@code pp}. Under the lock, so it cannot race a producer that looks at npidle,
     * the global queue is checked one last time: a goroutine found there is returned and pp kept.
     * A P that GOMAXPROCS removed after the M last looked ({@code dead}, set under the same lock)
     * never reaches the idle list: its queued goroutines go global instead, so the idle list
     * holds live P's only and {@code npidle <= gomaxprocs} (see {@link #pAccountingError}).
     */
    static G releaseP(P pp) {
        if (Tracer.on) Tracer.procStop(pp.trace); // while still holding pp: its buffer is ours
        boolean removed;
        synchronized (LOCK) {
            removed = pp.dead && !pp.helper;
            if (!removed && globalSize.get() > 0) {
                G g = globalQueue.poll();
                if (g != null) {
                    globalSize.decrementAndGet();
                    return g;
                }
            }
            if (pp.helper) {
                pp.dead = true;
            } else if (!removed) {
                pidle.push(pp);
                npidle = npidle + 1;
            }
        }
        if (removed) dropDeadP(pp);
        return null;
    }

    /** After releasing its P, is there work left in some P's local queue or the global queue? */
    static boolean anyLocalWork() {
        if (globalSize.get() > 0) return true;
        for (P p : allp) if (!p.runq.isEmpty()) return true;
        return false;
    }

    /** An M drops a P that GOMAXPROCS no longer counts: its queued goroutines go global. */
    static void dropDeadP(P pp) {
        if (Tracer.on) Tracer.procStop(pp.trace);
        pp.runq.drainTo(Sched::globrunqput);
        wakep();
    }

    /** Go's usleep(3) before stealing runnext: gives the P that readied it the chance to run it. */
    static void briefPause() {
        long until = System.nanoTime() + 3_000;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    // ---------------------------------------------------------------- GOMAXPROCS

    /** Go's GOMAXPROCS(n): sets the number of P's when n > 0 and returns the previous setting. */
    public static int gomaxprocs(int n) {
        return n <= 0 ? gomaxprocs : offVirtual(() -> procresize(n));
    }

    /**
     * Runs {@code action}, which takes {@link #LOCK}, on a platform thread. A goroutine must not hold
     * LOCK where it could unmount (a class load or a call-site link inside may block on a monitor,
     * and since JDK 24 a virtual thread blocked on a monitor leaves its carrier): carriers need LOCK
     * to schedule it again, so it would never get it back. The JDK pins a virtual thread while it
     * calls our executor; direct calls from goroutine code (GOMAXPROCS) are handed to a short-lived
     * runtime thread instead, the goroutine waiting without the lock.
     */
    private static <T> T offVirtual(java.util.function.Supplier<T> action) {
        if (!Thread.currentThread().isVirtual()) return action.get();
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        startRuntimeThread("gort-procresize", () -> {
            try {
                result.complete(action.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        boolean interrupted = false;
        for (;;) {
            try {
                T value = result.get();
                if (interrupted) Thread.currentThread().interrupt();
                return value;
            } catch (InterruptedException e) {
                interrupted = true; // Go has no interrupts: keep it for the program
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Go's procresize: GOMAXPROCS(n) under {@link #LOCK}, on a platform thread. */
    private static int procresize(int n) {
        int old;
        int added = 0;
        synchronized (LOCK) {
            old = gomaxprocs;
            if (n <= 0 || n == old) return old;
            long now = System.nanoTime();
            procNanos += (now - procsSince) * old;
            procsSince = now;
            P[] cur = allp;
            P[] next = new P[n];
            for (int i = 0; i < n; i++) {
                if (i < cur.length) {
                    next[i] = cur[i];
                } else {
                    next[i] = new P(i);
                    pidle.push(next[i]);
                    npidle = npidle + 1;
                    added++;
                }
            }
            for (int i = n; i < cur.length; i++) {
                P dead = cur[i];
                dead.dead = true;
                if (pidle.remove(dead)) {
                    npidle = npidle - 1;
                    dead.runq.drainTo(Sched::globrunqput);
                }
            }
            allp = next;
            gomaxprocs = n;
        }
        for (int i = 0; i < added; i++) wakep();
        if (n < old) wakep();
        if (Tracer.on) Tracer.gomaxprocs(n);
        return old;
    }

    /** GOMAXPROCS integrated since the scheduler started, in P × nanoseconds (Go's /cpu/classes/total). */
    public static long gomaxprocsNanos() {
        synchronized (LOCK) {
            return procNanos + (System.nanoTime() - procsSince) * gomaxprocs;
        }
    }

    /** Number of P's now (GOMAXPROCS). */
    public static int gomaxprocs() {
        return gomaxprocs;
    }

    /**
     * The P accounting's invariant, checked under the lock: {@link #allp} holds exactly
     * {@code gomaxprocs} live P's; the idle list holds {@code npidle} distinct P's of {@code allp},
     * none removed, so {@code npidle <= gomaxprocs}. Returns what is wrong, or null (for tests).
     */
    static String pAccountingError() {
        return offVirtual(Sched::pAccountingErrorLocked);
    }

    private static String pAccountingErrorLocked() {
        synchronized (LOCK) {
            P[] ps = allp;
            if (ps.length != gomaxprocs) return "len(allp)=" + ps.length + " gomaxprocs=" + gomaxprocs;
            for (P p : ps) if (p.dead) return "removed P " + p.id + " still in allp";
            if (npidle != pidle.size()) return "npidle=" + npidle + " but " + pidle.size() + " idle P's listed";
            if (npidle > gomaxprocs) return "npidle=" + npidle + " > gomaxprocs=" + gomaxprocs;
            java.util.Set<P> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (P p : pidle) {
                if (!seen.add(p)) return "P " + p.id + " listed idle twice";
                if (p.dead || p.id >= ps.length || ps[p.id] != p) return "idle P " + p.id + " is not one of allp (removed)";
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- LockOSThread

    /** Go's LockOSThread: from now on the current goroutine runs only on one dedicated OS thread. */
    public static void lockOSThread() {
        G g = currentG();
        if (g.foreign) {
            g.lockedCount++; // a platform thread is its own OS thread already
            return;
        }
        if (!CUSTOM) {
            throw new UnsupportedOperationException(
                    "gort: LockOSThread needs --add-opens java.base/java.lang=ALL-UNNAMED (see docs/mapping.md)");
        }
        if (g.lockedCount++ > 0) return;
        int id;
        synchronized (LOCK) {
            checkmcount(1);
            id = mcount++;
        }
        LockedThread lt = new LockedThread(g, id);
        lt.start();
        g.locked = lt;
        gosched(); // the resumption goes to the locked thread
    }

    /** Go's UnlockOSThread: undoes one LockOSThread; at zero the goroutine returns to the scheduler. */
    public static void unlockOSThread() {
        G g = currentG();
        if (g.lockedCount == 0) return;
        if (--g.lockedCount > 0 || g.foreign) return;
        g.locked = null;
        gosched(); // resumes on a P; the locked thread ends
    }

    /** A locked thread ended (called by the thread itself). */
    static void lockedThreadExit() {
        synchronized (LOCK) {
            nmfreed++;
        }
    }

    // ---------------------------------------------------------------- thread limit

    /** Go's sched.maxmcount (debug.SetMaxThreads); Go's default. Guarded by LOCK. */
    private static int maxmcount = 10_000;
    /** Locked threads that have ended (Go's sched.nmfreed); live M's = mcount - nmfreed. Guarded by LOCK. */
    private static int nmfreed;

    /**
     * debug.SetMaxThreads: sets the limit on gort's OS threads (scheduler M's, locked threads and
     * sysmon) and returns the previous one; like Go, dies at once if the count already exceeds it.
     */
    public static int setMaxThreads(int n) {
        synchronized (LOCK) {
            int old = maxmcount;
            maxmcount = n;
            checkmcount(0);
            return old;
        }
    }

    /** Go's checkmcount, before starting {@code adding} more threads: over the limit, the program dies. Under LOCK. */
    private static void checkmcount(int adding) {
        if (mcount - nmfreed + 1 + adding > maxmcount) { // + 1: sysmon
            System.err.print("runtime: program exceeds " + maxmcount + "-thread limit\n");
            Crash.fatalError("thread exhaustion", true);
        }
    }

    /** LockOSThread nesting of the current goroutine. */
    public static int lockedCount() {
        return currentG().lockedCount;
    }

    // ---------------------------------------------------------------- sysmon

    private static void sysmon() {
        for (;;) {
            try {
                Thread.sleep(SYSMON_TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            tick = tick + 1;
            if (CUSTOM) {
                if (!exiting) retake();
                if (npidle > 0 && nmspinning.get() == 0 && anyLocalWork()) wakep(); // see ready()
            }
            if (SchedTrace.PERIOD_MS > 0) SchedTrace.maybePrint(System.err);
            Tracer.sysmonTick(tick);
            CheckDead.poll(deadlockAction);
        }
    }

    /**
     * Go's retake for P's in syscalls: an M that has run one goroutine for two ticks while its thread
     * is in native code (a pinned blocking read; seen in the same native frame at two ticks in a row,
     * see {@link #inNative}) gets a helper M with a P of its own, so the other
     * goroutines keep GOMAXPROCS worth of Java threads. The helper's P exists only while the blocked
     * M is stuck; it is retired when that M schedules again (or when the helper finds no work).
     */
    private static void retake() {
        long now = tick;
        for (Thread t : carriersSnapshot()) {
            if (!(t instanceof M m) || m.curg == null || m.p == null || m.p.helper) continue;
            if (now - m.mountTick < 2) continue;
            P helper = m.syscallHelper;
            if (helper != null && !helper.dead) continue;
            if (!inNative(m)) continue;
            P hp = new P(-1);
            hp.helper = true;
            m.syscallHelper = hp;
            G stuck = m.curg;
            P held = m.p;
            if (Tracer.on && stuck != null && held != null) Tracer.syscallBlocked(stuck, m, held.trace);
            startm(hp, false);
        }
    }

    /**
     * Is m's thread in native code now (ThreadInfo.isInNative: the JVM's thread state)? The top of
     * the goroutine's stack is looked at first, without loading java.management's platform beans
     * (about 100 classes, more than a short program's whole start-up): a frame that is not a native
     * method rules it out, and so does a native frame not seen at the previous tick too (the same
     * goroutine, the same frame), so a goroutine that writes to stdout at the moment of one tick
     * costs nothing. A native top frame is not proof (JIT intrinsics such as System.nanoTime run
     * in Java state but show as native frames), so the thread state decides. A run of a foreign
     * virtual thread ({@link #readyForeignTask}) has no thread gort knows, so it is never handed off.
     */
    private static boolean inNative(M m) {
        G g = m.curg;
        Thread t = g == null ? null : g.thread;
        if (t == null) return false;
        StackTraceElement[] top = t.getStackTrace();
        boolean seenBefore = top.length > 0 && g == m.nativeG && top[0].equals(m.nativeTop);
        m.nativeG = top.length > 0 && top[0].isNativeMethod() ? g : null;
        m.nativeTop = m.nativeG == null ? null : top[0];
        if (!seenBefore) return false;
        ThreadMXBean bean = threadBean;
        if (bean == null) threadBean = bean = ManagementFactory.getThreadMXBean();
        ThreadInfo info = bean.getThreadInfo(m.threadId(), 0);
        return info != null && info.isInNative();
    }

    /** For the tracer: is g still mounted on the carrier {@code m} and in the native call sysmon saw it in? */
    public static boolean inNativeCall(G g, Thread m) {
        return m instanceof M mm && mm.curg == g && inNative(mm);
    }

    /** Loaded on first need by {@link #inNative}. */
    private static volatile ThreadMXBean threadBean;

    static int globalRunqueueSize() {
        return globalSize.get();
    }

    static List<Thread> carriersSnapshot() {
        Thread[] ts = new Thread[THREADS.activeCount() + 8];
        int n = THREADS.enumerate(ts, false);
        return java.util.Arrays.asList(ts).subList(0, n);
    }
}
