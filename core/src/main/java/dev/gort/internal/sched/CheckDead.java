package dev.gort.internal.sched;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's checkdead: decides that no goroutine can ever run again, so {@code Go.main} can print
 * {@code fatal error: all goroutines are asleep - deadlock!}.
 *
 * <h2>Rule</h2>
 * A false report kills a healthy program, so every doubt rules a deadlock out. Sysmon calls
 * {@link #poll} once a tick; a deadlock is declared only when two readings one tick apart see the
 * same blocked state (the same {@link G#parkSeq} fingerprint: nobody ran in between) with
 * <ul>
 * <li>every P idle, no spinning M, nothing on the global queue (local queues are empty when every
 *     P is idle);
 * <li>every goroutine parked in {@link Sched#gopark} and not already woken. A goroutine blocked
 *     in plain Java (a socket read, a {@code ReentrantLock}, {@code Object.wait}) is not parked
 *     in gopark and always rules a deadlock out: something outside gort may wake it;
 * <li>no pending wake source ({@link Sched#pendingWakeSources}: timers);
 * <li>no program platform thread alive: any thread outside gort's and the JDK's own groups may
 *     still send on a channel;
 * <li>no virtual thread outside gort alive, unless it too is parked in gopark (a plain virtual
 *     thread using a channel). Virtual threads are not in thread groups; the only JDK way to list
 *     them is a thread dump, so this costly check (tens of ms) runs last, once per fingerprint.
 * </ul>
 * Outside {@code Go.main} the action is a report, so a state is reported once
 * ({@link #reportedSnapshot}) however long it lasts. The first three parts of the rule are public
 * for test scopes ({@code dev.gort.internal.testhook.TestScope}), which judge threads their own way.
 */
public final class CheckDead {
    private CheckDead() {}

    /** Means "goroutines may still make progress". */
    public static final long ALIVE = Long.MIN_VALUE;

    /** Sysmon's previous reading; only the sysmon thread touches these. */
    private static long lastSnapshot = ALIVE;
    /**
     * A fingerprint the thread-dump check has cleared, until {@link #clearedUntil}. A foreign
     * virtual thread that ends without touching gort leaves the fingerprint as it was, so a cleared
     * fingerprint is dumped again later, at doubling intervals (a program that stays blocked beside
     * a live virtual thread costs one dump every {@link #MAX_RECHECK_NANOS} at most).
     */
    private static long clearedSnapshot = ALIVE;
    private static long clearedUntil;
    private static long recheckNanos;
    private static final long MIN_RECHECK_NANOS = 20_000_000L, MAX_RECHECK_NANOS = 1_000_000_000L;
    /** The fingerprint last reported: a report that did not end the process is not repeated. */
    private static long reportedSnapshot = ALIVE;

    /** One sysmon tick: runs {@code onDeadlock} when the program is dead. */
    static void poll(Runnable onDeadlock) {
        long snap = snapshot();
        boolean suspect = snap != ALIVE && snap == lastSnapshot;
        lastSnapshot = snap;
        if (!suspect || snap == reportedSnapshot) return;
        long now = System.nanoTime();
        if (snap == clearedSnapshot && now - clearedUntil < 0) return;
        if (foreignVirtualThreadAwake()) {
            recheckNanos = snap == clearedSnapshot ? Math.min(recheckNanos * 2, MAX_RECHECK_NANOS) : MIN_RECHECK_NANOS;
            clearedSnapshot = snap;
            clearedUntil = System.nanoTime() + recheckNanos;
            return;
        }
        lastSnapshot = ALIVE;
        reportedSnapshot = snap;
        onDeadlock.run();
    }

    /** A fingerprint of the blocked state, or {@link #ALIVE}. */
    private static long snapshot() {
        long snap = blockedGoroutines();
        return snap == ALIVE || programThreadsAlive() ? ALIVE : snap;
    }

    /**
     * A fingerprint of the blocked state as the scheduler sees it (every P idle, nothing queued, no
     * pending wake source, every goroutine parked in gopark and not woken), or {@link #ALIVE}.
     * Threads outside gort are not looked at.
     */
    public static long blockedGoroutines() {
        if (Sched.npidle != Sched.gomaxprocs || Sched.nmspinning.get() != 0
                || Sched.globalRunqueueSize() != 0 || Sched.pendingWakeSources.get() != 0) return ALIVE;
        long sum = 0, count = 0;
        for (G g : Sched.allgs) {
            if (g.system) continue;
            if (g.status != Status.WAITING || g.wakeup) return ALIVE;
            sum += g.parkSeq;
            count++;
        }
        return sum * 31 + count * 1_000_003 + Sched.goidgen.get() * 7_919;
    }

    /**
     * The JDK's own thread groups: its internal threads, and the default virtual-thread
     * scheduler's carriers (which idle for 30 s).
     */
    private static final Set<String> JDK_GROUPS = Set.of("InnocuousThreadGroup", "CarrierThreads");

    /**
     * Is any platform thread of the program (not gort's, not the JDK's) alive? Program threads are
     * those outside the root "system" group, gort's group and the JDK's own groups; that includes
     * "main" and "VirtualThreads" (where a platform thread started by a virtual thread lands).
     */
    private static boolean programThreadsAlive() {
        return !programThreads().isEmpty();
    }

    /** The live platform threads of the program, as {@link #programThreadsAlive} counts them. */
    public static List<Thread> programThreads() {
        ThreadGroup root = Sched.rootGroup();
        Thread[] ts = new Thread[root.activeCount() + 16];
        int n = root.enumerate(ts, true);
        List<Thread> program = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = ts[i];
            ThreadGroup group = t.getThreadGroup();
            if (t == Sched.mainWaiter || group == null || group == root || group == Sched.THREADS
                    || JDK_GROUPS.contains(group.getName()) || t.getName().equals("DestroyJavaVM")) continue;
            program.add(t);
        }
        return program;
    }

    /** Where each thread starts in a JSON thread dump (HotSpotDiagnosticMXBean.dumpThreads). */
    private static final Pattern DUMPED_TID = Pattern.compile("\"tid\": \"(\\d+)\"");
    private static final Pattern DUMPED_NAME = Pattern.compile("\"name\": \"([^\"]*)\"");
    /** The JDK's socket pollers are virtual threads on Linux (jdk.pollerMode=2): not the program's. */
    private static final Pattern JDK_POLLER = Pattern.compile("(Sub|Read|Write)?Poller(-\\d+)?");

    /**
     * Is a virtual thread that is not a goroutine alive and not asleep in gopark? Any failure to
     * tell counts as yes: no false deadlock.
     */
    public static boolean foreignVirtualThreadAwake() {
        Set<Long> asleep = new HashSet<>();
        for (G g : Sched.allgs) if (g.thread != null) asleep.add(g.thread.threadId());
        for (G g : Sched.foreignGs()) {
            if (g.status == Status.WAITING && !g.wakeup) asleep.add(g.thread.threadId());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gort-checkdead");
            Path dump = dir.resolve("threads.json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            Matcher tid = DUMPED_TID.matcher(json);
            boolean more = tid.find();
            while (more) {
                long id = Long.parseLong(tid.group(1));
                int from = tid.end();
                more = tid.find();
                String thread = json.substring(from, more ? tid.start() : json.length());
                int header = thread.indexOf("\"stack\"");
                if (header >= 0) thread = thread.substring(0, header);
                if (!thread.contains("\"virtual\": true") || asleep.contains(id)) continue;
                Matcher name = DUMPED_NAME.matcher(thread);
                if (!(name.find() && JDK_POLLER.matcher(name.group(1)).matches())) return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("threads.json"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a stray empty temp directory is harmless
                }
            }
        }
    }
}
