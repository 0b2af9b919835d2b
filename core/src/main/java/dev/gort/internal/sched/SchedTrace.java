package dev.gort.internal.sched;

import dev.gort.internal.env.Env;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GODEBUG=schedtrace=X[,scheddetail=1]}: sysmon prints the scheduler's state to stderr every
 * X ms, in Go's format (proc.go schedtrace):
 * <pre>
 * SCHED 200ms: gomaxprocs=2 idleprocs=2 threads=4 spinningthreads=0 idlethreads=2 runqueue=0 [0 0]
 * </pre>
 * {@code threads} counts gort's carriers (scheduler and locked threads) plus sysmon. The figures
 * are read without stopping the world, so they are a racy snapshot, as Go's are.
 */
final class SchedTrace {
    private SchedTrace() {}

    static final int PERIOD_MS = Env.godebug("schedtrace", 0);
    static final boolean DETAIL = Env.godebug("scheddetail", 0) == 1;

    private static final long START = System.nanoTime();
    private static long nextAtMs;

    /** Called by sysmon each tick; prints when a period has passed. */
    static void maybePrint(PrintStream out) {
        long now = (System.nanoTime() - START) / 1_000_000;
        if (now < nextAtMs) return;
        nextAtMs = now + PERIOD_MS;
        out.print(line(now));
    }

    static String line(long ms) {
        List<Carrier> carriers = carriers();
        int idleThreads = 0;
        for (Carrier c : carriers) if (c instanceof M m && m.p == null && m.curg == null) idleThreads++;
        P[] ps = Sched.allp;
        StringBuilder b = new StringBuilder("SCHED ").append(ms).append("ms: gomaxprocs=").append(ps.length)
                .append(" idleprocs=").append(Sched.npidle)
                .append(" threads=").append(carriers.size() + 1)
                .append(" spinningthreads=").append(Sched.nmspinning.get())
                .append(" idlethreads=").append(idleThreads)
                .append(" runqueue=").append(Sched.globalRunqueueSize());
        if (!DETAIL) {
            b.append(" [");
            for (int i = 0; i < ps.length; i++) b.append(i == 0 ? "" : " ").append(ps[i].runq.size());
            return b.append("]\n").toString();
        }
        b.append(" gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n");
        for (P p : ps) {
            M holder = holder(carriers, p);
            b.append("  P").append(p.id).append(": status=").append(holder != null ? 1 : 0)
                    .append(" schedtick=").append(p.schedtick).append(" syscalltick=0 m=").append(holder != null ? holder.id : -1)
                    .append(" runqsize=").append(p.runq.size()).append(" gfreecnt=0 timerslen=0\n");
        }
        for (Carrier c : carriers) {
            G cur = c.curg;
            P p = c instanceof M m ? m.p : null;
            b.append("  M").append(c.id).append(": p=").append(p != null ? p.id : -1)
                    .append(" curg=").append(cur != null ? cur.goid : -1)
                    .append(" mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=")
                    .append(c instanceof M m && m.spinning).append(" blocked=").append(cur == null && p == null)
                    .append(" lockedg=").append(c instanceof LockedThread lt ? lt.lockedGoid() : -1).append('\n');
        }
        List<G> gs = new ArrayList<>(Sched.allGoroutines());
        gs.sort(Comparator.comparingLong(g -> g.goid));
        for (G g : gs) {
            Carrier m = g.m;
            LockedThread lt = g.locked;
            b.append("  G").append(g.goid).append(": status=").append(goStatus(g.status)).append('(')
                    .append(g.status == Status.WAITING ? g.waitReason.text() : "").append(") m=")
                    .append(m != null ? m.id : -1).append(" lockedm=").append(lt != null ? lt.id : -1).append('\n');
        }
        return b.toString();
    }

    /** Go's _G* numbers: idle 0, runnable 1, running 2, waiting 4, dead 6 (syscall 3 is not recorded: see Status). */
    private static int goStatus(Status s) {
        return switch (s) {
            case IDLE -> 0;
            case RUNNABLE -> 1;
            case RUNNING -> 2;
            case WAITING -> 4;
            case DEAD -> 6;
        };
    }

    private static M holder(List<Carrier> carriers, P p) {
        for (Carrier c : carriers) if (c instanceof M m && m.p == p) return m;
        return null;
    }

    /** Every live carrier, newest first (Go lists M's that way). */
    private static List<Carrier> carriers() {
        List<Carrier> cs = new ArrayList<>();
        for (Thread t : Sched.carriersSnapshot()) if (t instanceof Carrier c) cs.add(c);
        cs.sort(Comparator.comparingInt((Carrier c) -> c.id).reversed());
        return cs;
    }
}
