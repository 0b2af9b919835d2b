package dev.gort.internal.sched;

import dev.gort.internal.panics.Crash;
import java.util.List;

/**
 * Go's checkdead: decides that no goroutine can ever run again, so {@code Go.main} can print
 * {@code fatal error: all goroutines are asleep - deadlock!}.
 *
 * <h2>Rule</h2>
 * A false report kills a healthy program, so every doubt rules a deadlock out. Sysmon calls
 * {@link #poll} once a tick. The cheap part, on every tick, looks at gort alone:
 * <ul>
 * <li>every P idle, no spinning M, nothing on the global queue (local queues are empty when every
 *     P is idle), and {@code npidle == gomaxprocs};
 * <li>every goroutine parked in {@link Sched#gopark} and not already woken. A goroutine blocked
 *     in plain Java (a socket read, a {@code ReentrantLock}, {@code Object.wait}) is not parked
 *     in gopark and always rules a deadlock out: something outside gort may wake it;
 * <li>no pending wake source ({@link Sched#pendingWakeSources}: timers).
 * </ul>
 * When two readings one tick apart see the same blocked state (the same {@link G#parkSeq}
 * fingerprint: nobody ran in between), the costly part asks {@link Wakers#quiet} whether anything
 * outside gort can still run program code (threads of any kind, shutdown hooks, signal handlers;
 * the rule is stated there). A deadlock is declared when two such readings agree — the same
 * fingerprint and the same quiet signature (the idle threads' wait counts) — at least
 * {@link #confirmNanos} apart, and the fingerprint is unchanged after the second one.
 *
 * <p>While something outside may still wake a goroutine, the costly reading is repeated at doubling
 * intervals ({@link #MIN_RECHECK_NANOS} to {@link #MAX_RECHECK_NANOS}) for as long as the blocked
 * state lasts: a worker pool that becomes idle, or a thread that ends, without touching gort leaves
 * the fingerprint as it was, so the deadlock is still reported, at most a second later.
 *
 * <p>Outside {@code Go.main} the action is a report, so a state is reported once
 * ({@link #reportedSnapshot}) however long it lasts. {@link #blockedGoroutines},
 * {@link #programThreads} and {@link #foreignVirtualThreadAwake} are public for test scopes
 * ({@code dev.gort.internal.testhook.TestScope}), which judge the threads that existed before a
 * test began their own way.
 */
public final class CheckDead {
    private CheckDead() {}

    /** Means "goroutines may still make progress". */
    public static final long ALIVE = Long.MIN_VALUE;

    /** Between the two agreeing readings: one tick where the kernel shows wake-ups in flight (see Wakers), else 1 s. */
    static final long CONFIRM_WITHOUT_KERNEL_NANOS = 1_000_000_000L;
    private static final long MIN_RECHECK_NANOS = 20_000_000L, MAX_RECHECK_NANOS = 1_000_000_000L;
    /** The fingerprint last reported: a report that did not end the process is not repeated. */
    private static long reportedSnapshot = ALIVE;

    // Sysmon's state; only the sysmon thread touches these.
    /** The previous tick's fingerprint. */
    private static long lastSnapshot = ALIVE;
    /** The fingerprint of the last costly reading, and when to make the next one. */
    private static long checkedSnapshot = ALIVE;
    private static long nextCheckAt;
    private static long recheckNanos;
    /** The first quiet reading of {@link #checkedSnapshot}: its signature and time, or ALIVE. */
    private static long quietSignature = ALIVE;
    private static long quietSince;

    /**
     * How far apart the two agreeing readings must be. Read only once a deadlock is suspected:
     * Wakers (java.management, regular expressions, reflection) is loaded by the first costly
     * reading, never by a program whose goroutines keep running.
     */
    private static long confirmNanos() {
        return Wakers.KERNEL_STATES ? 0 : CONFIRM_WITHOUT_KERNEL_NANOS;
    }

    /** One sysmon tick: runs {@code onDeadlock} (null: {@link Crash#libraryDeadlock}) when the program is dead. */
    static void poll(Runnable onDeadlock) {
        long snap = snapshot();
        boolean suspect = snap != ALIVE && snap == lastSnapshot;
        lastSnapshot = snap;
        if (!suspect || snap == reportedSnapshot) return;
        long now = System.nanoTime();
        if (snap != checkedSnapshot) {
            checkedSnapshot = snap;
            quietSignature = ALIVE;
            recheckNanos = MIN_RECHECK_NANOS;
        } else if (now - nextCheckAt < 0) {
            return;
        }
        long sig = Wakers.quiet();
        if (snapshot() != snap) return; // something ran meanwhile: start again next tick
        if (sig == Wakers.AWAKE) {
            quietSignature = ALIVE;
            nextCheckAt = System.nanoTime() + recheckNanos;
            recheckNanos = Math.min(recheckNanos * 2, MAX_RECHECK_NANOS);
            return;
        }
        if (sig != quietSignature) { // the first quiet reading: confirm it later
            quietSignature = sig;
            quietSince = now;
            nextCheckAt = now + confirmNanos();
            return;
        }
        if (now - quietSince < confirmNanos()) return;
        lastSnapshot = checkedSnapshot = quietSignature = ALIVE;
        reportedSnapshot = snap;
        if (onDeadlock != null) onDeadlock.run();
        else Crash.libraryDeadlock();
    }

    /** A fingerprint of the blocked state, or {@link #ALIVE}. */
    private static long snapshot() {
        // Before Go.main has queued goroutine 1 (building the first virtual thread can take a few
        // ticks on a busy machine) nothing is asleep: the program has not begun. Outside Go.main,
        // a process with no goroutine of the program has nothing asleep either.
        if (Sched.mainWaiter != null ? !Sched.mainStarted : Sched.numGoroutine() == 0) return ALIVE;
        return blockedGoroutines();
    }

    /**
     * A fingerprint of the blocked state as the scheduler sees it (every P idle, nothing queued, no
     * pending wake source, every goroutine parked in gopark and not woken), or {@link #ALIVE}.
     * Threads outside gort are not looked at.
     *
     * @return the fingerprint, or {@link #ALIVE}
     */
    public static long blockedGoroutines() {
        if (Sched.npidle != Sched.gomaxprocs || Sched.nmspinning.get() != 0
                || Sched.globalRunqueueSize() != 0 || Sched.pendingWakeSources.get() != 0) return ALIVE;
        long sum = 0, count = 0;
        for (G g : Sched.allGoroutines()) {
            if (g.system) continue;
            if (g.status != Status.WAITING || g.wakeupPending()) return ALIVE;
            sum += g.parkSeq;
            count++;
        }
        return sum * 31 + count * 1_000_003 + Sched.goidgen.get() * 7_919;
    }

    /**
     * The live platform threads that may run program code: neither gort's nor the JDK's own service
     * threads (see {@link Wakers}).
     *
     * @return those threads
     */
    public static List<Thread> programThreads() {
        return Wakers.programThreads();
    }

    /**
     * Is a virtual thread that is not a goroutine alive and not asleep in gort? Costs a JSON thread
     * dump; any failure to tell counts as yes.
     *
     * @return true when such a thread might wake a goroutine
     */
    public static boolean foreignVirtualThreadAwake() {
        return Wakers.foreignVirtualThreadAwake();
    }
}
