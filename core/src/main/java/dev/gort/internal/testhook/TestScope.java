package dev.gort.internal.testhook;

import dev.gort.internal.panics.Crash;
import dev.gort.internal.sched.CheckDead;
import java.util.Set;

/**
 * Deadlock detection scoped to one test, for gort's JUnit extension (module {@code dev.gort.junit},
 * the only module this package is exported to).
 *
 * <p>The process-wide detector counts every live platform thread of the program as a possible
 * waker, so inside a test runner, whose own threads live for the whole run, it never fires. A
 * scope narrows "the program" to what the test started: platform threads alive when the scope
 * opened (the runner's, earlier tests') are presumed unable to wake the test's goroutines; threads
 * started since, and virtual threads that are not asleep in gort, still count. The rest of the rule
 * is the detector's ({@link CheckDead#blockedGoroutines}). A test that wakes its goroutines from a
 * thread that existed before it began can be misjudged; the extension lets such a test turn the
 * check off.
 *
 * <p>Immutable once opened; any thread may ask.
 */
public final class TestScope {
    /** Platform threads of the program alive when the scope opened. */
    private final Set<Thread> before;

    /** Opens a scope: the program's threads alive now are not the test's. */
    public TestScope() {
        before = Set.copyOf(CheckDead.programThreads());
    }

    /**
     * A fingerprint of the state when every goroutine is blocked in gort and no platform thread
     * started in the scope is alive, else {@link #alive()}. The same fingerprint on readings some
     * time apart means nothing ran in between; {@link #virtualThreadsAsleep} then settles it.
     *
     * @return the blocked state's fingerprint, or {@link #alive()}
     */
    public long blockedState() {
        long snap = CheckDead.blockedGoroutines();
        if (snap == CheckDead.ALIVE) return snap;
        for (Thread t : CheckDead.programThreads()) {
            if (!before.contains(t)) return CheckDead.ALIVE;
        }
        return snap;
    }

    /**
     * Is every virtual thread that is not a goroutine either gone or asleep in gort? Costs a JSON
     * thread dump (tens of ms): ask once a blocked state has lasted.
     *
     * @return true when no such virtual thread could wake a goroutine
     */
    public static boolean virtualThreadsAsleep() {
        return !CheckDead.foreignVirtualThreadAwake();
    }

    /** {@return the value {@link #blockedState} returns while goroutines may still make progress} */
    public static long alive() {
        return CheckDead.ALIVE;
    }

    /** {@return Go's deadlock report: {@code fatal error: all goroutines are asleep - deadlock!}, then every goroutine per GOTRACEBACK} */
    public static String deadlockReport() {
        return Crash.report("fatal error: all goroutines are asleep - deadlock!", true);
    }
}
