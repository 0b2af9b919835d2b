package dev.gort.internal.metrics;

import dev.gort.internal.env.Env;
import dev.gort.internal.gc.PerfData;
import dev.gort.internal.sched.Sched;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The {@code /cpu/classes/*} estimates, taken as snapshots at the end of each collection (and
 * when the GC listener starts), as Go 1.21 updates them once per GC cycle (Go issue 59749): a
 * read costs a few field loads, and the classes always add up at one instant.
 *
 * <ul>
 *   <li>total: GOMAXPROCS integrated over the JVM's running time (the part before gort's
 *       scheduler started at the initial GOMAXPROCS);</li>
 *   <li>gc: the JVM's GC threads' CPU (HotSpot's {@code sun.threads.total_gc_cpu_time});</li>
 *   <li>user: the process's CPU minus gc (so it includes the JIT compiler's threads);</li>
 *   <li>idle: total minus user minus gc, never below 0.</li>
 * </ul>
 * gc, user and idle exist only when {@link #GC_CPU_KNOWN}. Fields are guarded by the class monitor.
 */
public final class CpuStats {
    private CpuStats() {}

    /** GC threads' CPU is countable: the perf counter is readable and the collector fills it (ZGC does not). */
    public static final boolean GC_CPU_KNOWN = PerfData.gcCpuNanos() >= 0 && !zgc();

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** P × ns the JVM ran before the scheduler started, at the initial GOMAXPROCS. */
    private static final long BEFORE_SCHED = Math.max(0,
            ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000 - (System.nanoTime() - Sched.START_NANOS))
            * Env.gomaxprocs(Runtime.getRuntime().availableProcessors());

    private static long total, user, gc;

    /** Takes a snapshot now (called by the GC listener). */
    public static void snapshot() {
        long t = BEFORE_SCHED + Sched.gomaxprocsNanos();
        long g = GC_CPU_KNOWN ? Math.max(0, PerfData.gcCpuNanos()) : 0;
        long u = Math.max(0, OS.getProcessCpuTime() - g);
        synchronized (CpuStats.class) {
            total = t;
            gc = g;
            user = u;
        }
    }

    public static synchronized long totalNanos() {
        return total;
    }

    public static synchronized long gcNanos() {
        return gc;
    }

    public static synchronized long userNanos() {
        return user;
    }

    public static synchronized long idleNanos() {
        return Math.max(0, total - user - gc);
    }

    private static boolean zgc() {
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (b.getName().startsWith("ZGC")) return true;
        }
        return false;
    }
}
