package dev.gort.internal.gc;

/**
 * The {@code GODEBUG=gctrace=1} line, in Go's format (mgc.go, gcMarkTermination):
 * <pre>
 * gc N @T s P%: A+B+C ms clock, D+E/F/G+H ms cpu, X->Y->Z MB, GOAL MB goal, S MB stacks, 0 MB globals, NP P (forced)
 * </pre>
 * How the JVM's collection maps onto Go's phases (docs/mapping.md, "gctrace"):
 * <ul>
 *   <li>{@code N}: NumGC after this collection; {@code @T}: its start, seconds since JVM start;
 *       {@code P%}: GCCPUFraction × 100, truncated.</li>
 *   <li>clock: A = the first stop-the-world pause (the whole collection for a STW collector),
 *       B = the concurrent part of the cycle (cycle duration minus its pauses; 0 for STW),
 *       C = the cycle's other pauses.</li>
 *   <li>cpu: D = A × stwprocs and H = C × stwprocs (Go's own definition of STW CPU: every P stops;
 *       stwprocs = min(GOMAXPROCS, NumCPU)); E (assist) = 0, the JVM has no mutator assists;
 *       F (background) = CPU of the GC's threads since the previous line (HotSpot's
 *       {@code sun.threads.total_gc_cpu_time}; 0 under ZGC); G (idle) = 0, there are no idle-priority
 *       GC workers.</li>
 *   <li>X = heap in use before, Y = after, Z = after (the JVM reports no separate marked figure);
 *       GOAL = NextGC; stacks and globals 0 (virtual-thread stacks are heap objects, there are no
 *       globals to scan); NP = GOMAXPROCS.</li>
 * </ul>
 */
final class GcTrace {
    private GcTrace() {}

    static String line(long n, long startMs, double cpuFraction, long firstPauseNs, long concurrentNs, long restPauseNs,
                       long backgroundCpuNs, long heapBefore, long heapAfter, long goal, int procs, boolean forced) {
        int stwprocs = Math.min(procs, Runtime.getRuntime().availableProcessors());
        StringBuilder b = new StringBuilder(160);
        b.append("gc ").append(n).append(" @");
        seconds(b, startMs);
        b.append("s ").append((int) (cpuFraction * 100)).append("%: ");
        ms(b, firstPauseNs).append('+');
        ms(b, concurrentNs).append('+');
        ms(b, restPauseNs).append(" ms clock, ");
        ms(b, firstPauseNs * stwprocs).append('+');
        ms(b, 0).append('/');
        ms(b, backgroundCpuNs).append('/');
        ms(b, 0).append('+');
        ms(b, restPauseNs * stwprocs).append(" ms cpu, ");
        b.append(heapBefore >> 20).append("->").append(heapAfter >> 20).append("->").append(heapAfter >> 20).append(" MB, ");
        b.append(goal >> 20).append(" MB goal, 0 MB stacks, 0 MB globals, ").append(procs).append(" P");
        if (forced) b.append(" (forced)");
        return b.append('\n').toString();
    }

    /** Milliseconds as seconds with three decimals (Go's itoaDiv(ms, 3)). */
    private static void seconds(StringBuilder b, long ms) {
        b.append(ms / 1000).append('.');
        long frac = ms % 1000;
        if (frac < 100) b.append('0');
        if (frac < 10) b.append('0');
        b.append(frac);
    }

    /**
     * Go's fmtNSAsMS: whole milliseconds from 10 ms up; below, two significant digits with at most
     * three decimals (0.007, 0.60, 1.2).
     */
    static StringBuilder ms(StringBuilder b, long ns) {
        if (ns >= 10_000_000) return b.append(ns / 1_000_000);
        long x = ns / 1000;
        if (x == 0) return b.append('0');
        int dec = 3;
        while (x >= 100) {
            x /= 10;
            dec--;
        }
        String digits = Long.toString(x);
        if (dec == 0) return b.append(digits);
        // x has at most two digits and dec >= 1: left-pad to dec+1 digits, then insert the point.
        StringBuilder d = new StringBuilder(digits);
        while (d.length() <= dec) d.insert(0, '0');
        d.insert(d.length() - dec, '.');
        return b.append(d);
    }
}
