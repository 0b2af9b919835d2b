package dev.gort.internal.gc;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.gort.internal.env.Env;
import dev.gort.internal.panics.Crash;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * GOGC and GOMEMLIMIT on the JVM: Go's {@code gcControllerState.gcPercent} and
 * {@code memoryLimit} (mgcpacer.go), turned into the heap knobs the running collector honours.
 *
 * <h2>Design</h2>
 * JDK 25 lets a running program write only a few heap flags (the "manageable" ones):
 * <ul>
 *   <li><b>ZGC, Shenandoah</b>: {@code SoftMaxHeapSize}, the heap size the collector tries to stay
 *       under. gort sets it after every cycle to Go's heap goal,
 *       {@code min(GOMEMLIMIT, max(live × (1 + GOGC/100), 4 MB × GOGC/100))}, clamped to -Xmx.</li>
 *   <li><b>G1, Serial</b>: {@code MaxHeapFreeRatio}/{@code MinHeapFreeRatio}, the share of the
 *       committed heap left free after a full collection (G1 also at Remark). GOGC=g means a heap of
 *       live × (1 + g/100), i.e. a free share of g/(100+g); that becomes {@code MaxHeapFreeRatio}.
 *       G1 cannot cap its heap at run time; with a memory limit gort turns on
 *       {@code G1PeriodicGCInterval} so idle heap is collected and uncommitted.</li>
 *   <li><b>Parallel and others</b>: nothing is writable; the settings are recorded and returned.</li>
 * </ul>
 * The knobs are left at the JVM's values until the program asks for Go's behaviour (GOGC or
 * GOMEMLIMIT in the environment, or a call to {@link #setGCPercent}/{@link #setMemoryLimit}):
 * gort never changes a JVM's tuning on its own. Under {@code GODEBUG=gctrace=1} each change of
 * setting prints one {@code gort: …} line naming the knob that took effect.
 *
 * <h2>Concurrency</h2>
 * Settings are changed under the class monitor; {@link #afterCycle} runs on the JDK's
 * notification thread and takes the same monitor. {@link #nextGC} is read without a lock.
 */
public final class HeapGoal {
    private HeapGoal() {}

    /** The collector families that differ in what can be tuned at run time. */
    enum Collector { ZGC, SHENANDOAH, G1, SERIAL, PARALLEL, OTHER }

    /** Go's heapMinimum at GOGC=100 (4 MB). */
    static final long HEAP_MINIMUM = 4L << 20;
    /** G1PeriodicGCInterval gort sets (ms) while a memory limit is in force on G1. */
    static final long PERIODIC_GC_MS = 1000;

    static final Collector COLLECTOR = detect();
    private static final HotSpotDiagnosticMXBean HOTSPOT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private static final long MAX_HEAP = longOption("MaxHeapSize", Runtime.getRuntime().maxMemory());
    /** The JVM's own values, restored when Go's settings are back at their defaults. */
    private static final long JVM_SOFT_MAX = longOption("SoftMaxHeapSize", MAX_HEAP);
    private static final int JVM_MIN_FREE = (int) longOption("MinHeapFreeRatio", 40);
    private static final int JVM_MAX_FREE = (int) longOption("MaxHeapFreeRatio", 70);
    private static final long JVM_PERIODIC = longOption("G1PeriodicGCInterval", 0);

    /** GOGC; -1 is "off". Guarded by the class monitor. */
    private static int gcPercent = readGOGC(Env.get("GOGC"));
    /** GOMEMLIMIT in bytes; Long.MAX_VALUE is "no limit". Guarded by the class monitor. */
    private static long memoryLimit = readGOMEMLIMIT(Env.get("GOMEMLIMIT"));
    /** Whether gort drives the knobs (the program asked for Go's GC settings). */
    private static boolean driving = Env.get("GOGC") != null || Env.get("GOMEMLIMIT") != null;
    /** Heap in use after the last cycle: Go's live heap (heap_marked); -1 before the first. */
    private static volatile long live = -1;
    /** SoftMaxHeapSize as last written (ZGC/Shenandoah), for {@link #nextGC}. */
    private static volatile long softMax = JVM_SOFT_MAX;

    /** Go's readGOGC: "off" is -1, a number is itself, anything else 100. */
    static int readGOGC(String s) {
        if (s == null) return 100;
        if (s.equals("off")) return -1;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Go's readGOMEMLIMIT: empty or "off" is no limit; a malformed value is fatal at start. */
    static long readGOMEMLIMIT(String s) {
        if (s == null || s.isEmpty() || s.equals("off")) return Long.MAX_VALUE;
        long n = parseByteCount(s);
        if (n < 0) {
            System.err.println("GOMEMLIMIT=" + s);
            Crash.fatalError("malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`", false);
        }
        return n;
    }

    /** Go's parseByteCount: digits with an optional B, KiB, MiB, GiB or TiB suffix; -1 if malformed. */
    static long parseByteCount(String s) {
        int shift = 0;
        String digits = s;
        if (s.endsWith("iB") && s.length() >= 4) {
            shift = switch (s.charAt(s.length() - 3)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> -1;
            };
            digits = s.substring(0, s.length() - 3);
        } else if (s.endsWith("B")) {
            digits = s.substring(0, s.length() - 1);
        }
        if (shift < 0 || digits.isEmpty()) return -1;
        for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
        try {
            long n = Long.parseLong(digits);
            return n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Applies GOGC/GOMEMLIMIT from the environment at start (called once when they are set). */
    static synchronized void start() {
        if (driving) apply(true);
    }

    /** debug.SetGCPercent: sets GOGC (negative: off) and returns the previous value. */
    public static synchronized int setGCPercent(int percent) {
        int old = gcPercent;
        gcPercent = percent < 0 ? -1 : percent;
        driving = true;
        apply(true);
        return old;
    }

    /** debug.SetMemoryLimit: sets GOMEMLIMIT when {@code limit >= 0} and returns the previous value. */
    public static synchronized long setMemoryLimit(long limit) {
        long old = memoryLimit;
        if (limit < 0) return old;
        memoryLimit = limit;
        driving = true;
        apply(true);
        return old;
    }

    /**
     * The end of a collection: the heap in use after it is the new live heap; retarget
     * SoftMaxHeapSize. Takes the monitor only where there is something to retarget (ZGC,
     * Shenandoah), so {@link #freeOSMemory} may hold it across a collection on G1/Serial.
     */
    static void afterCycle(long heapAfter) {
        live = heapAfter;
        if (COLLECTOR != Collector.ZGC && COLLECTOR != Collector.SHENANDOAH) return;
        synchronized (HeapGoal.class) {
            if (driving) apply(false);
        }
    }

    /** Full collections after which Serial's stepped shrinking (ShrinkHeapInSteps: 0, 10, 40, 100 %) has given back all it will. */
    private static final int SERIAL_SHRINK_STEPS = 4;

    /**
     * debug.FreeOSMemory: runs {@code fullGc}; on G1 and Serial with the free ratios borrowed
     * (Min 0, Max 1) so that the committed heap shrinks to the live data, then restored. G1 does
     * it in that one collection. Serial shrinks in steps (its ShrinkHeapInSteps, not writable at
     * run time: one full collection gives back nothing, the fourth what is left), so it
     * collects again while the committed heap is still shrinking, four times at most. Shenandoah
     * uncommits its empty regions shortly after any explicit collection (its control thread). ZGC uncommits only after its own
     * delay (ZUncommitDelay, 300 s by default, not writable at run time): the collection only.
     */
    public static void freeOSMemory(Runnable fullGc) {
        if (COLLECTOR != Collector.G1 && COLLECTOR != Collector.SERIAL) {
            fullGc.run();
            return;
        }
        synchronized (HeapGoal.class) { // no SetGCPercent while the ratios are borrowed
            String min = HOTSPOT.getVMOption("MinHeapFreeRatio").getValue();
            String max = HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue();
            HOTSPOT.setVMOption("MinHeapFreeRatio", "0");
            HOTSPOT.setVMOption("MaxHeapFreeRatio", "1");
            try {
                fullGc.run();
                if (COLLECTOR == Collector.SERIAL) finishSerialShrink(fullGc);
            } finally {
                HOTSPOT.setVMOption("MaxHeapFreeRatio", max);
                HOTSPOT.setVMOption("MinHeapFreeRatio", min);
            }
        }
    }

    /**
     * Serial, after the first full collection (which gives nothing back): collects again while
     * the committed heap still shrinks, {@link #SERIAL_SHRINK_STEPS} collections in all at most.
     */
    private static void finishSerialShrink(Runnable fullGc) {
        long committed = Long.MAX_VALUE;
        for (int i = 1; i < SERIAL_SHRINK_STEPS; i++) {
            fullGc.run();
            long now = Runtime.getRuntime().totalMemory();
            if (now >= committed) return;
            committed = now;
        }
    }

    /**
     * MemStats.NextGC: the heap size the collector is working to. With ZGC or Shenandoah this is
     * SoftMaxHeapSize (as gort last set it, or the JVM's); with other collectors the committed heap,
     * which is where the collector must either collect or grow.
     */
    public static long nextGC() {
        return COLLECTOR == Collector.ZGC || COLLECTOR == Collector.SHENANDOAH
                ? softMax : Runtime.getRuntime().totalMemory();
    }

    /** Go's heap goal for the current settings: min(limit, max(live × (1+GOGC/100), 4 MB × GOGC/100)). */
    static long goal() {
        long l = live >= 0 ? live : Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long byPercent = Long.MAX_VALUE;
        if (gcPercent >= 0) {
            double g = Math.max(l * (1 + gcPercent / 100.0), HEAP_MINIMUM * (gcPercent / 100.0));
            byPercent = g >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) g;
        }
        return Math.min(byPercent, memoryLimit);
    }

    /** Writes the knobs for the current settings; {@code report} prints the gctrace line. */
    private static void apply(boolean report) {
        String knob = switch (COLLECTOR) {
            case ZGC, SHENANDOAH -> applySoftMax(report);
            case G1, SERIAL -> applyFreeRatios(report);
            case PARALLEL, OTHER -> "no heap knob is writable at run time for this collector; settings recorded only";
        };
        if (report && GcEvents.GCTRACE > 0) {
            System.err.println("gort: GOGC=" + (gcPercent < 0 ? "off" : Integer.toString(gcPercent))
                    + " GOMEMLIMIT=" + (memoryLimit == Long.MAX_VALUE ? "off" : Long.toString(memoryLimit))
                    + ": " + COLLECTOR + " " + knob);
        }
    }

    private static String applySoftMax(boolean force) {
        long target = goal();
        target = target >= MAX_HEAP ? (gcPercent == 100 && memoryLimit == Long.MAX_VALUE ? JVM_SOFT_MAX : MAX_HEAP)
                : Math.max(target, HEAP_MINIMUM);
        long cur = softMax;
        // Skip rewrites within 1/16 of the current value: cycles can run back to back.
        if (force || Math.abs(target - cur) > cur / 16) {
            HOTSPOT.setVMOption("SoftMaxHeapSize", Long.toString(target));
            softMax = target;
        }
        return "SoftMaxHeapSize=" + softMax + " (honoured by the collector)";
    }

    private static String applyFreeRatios(boolean force) {
        if (!force) return "";
        int maxFree = gcPercent < 0 ? 100 : (gcPercent == 100 ? JVM_MAX_FREE : (int) Math.round(100.0 * gcPercent / (100 + gcPercent)));
        maxFree = Math.max(1, Math.min(100, maxFree));
        int minFree = Math.min(JVM_MIN_FREE, maxFree);
        // The flags' constraint is Min <= Max at every step: Min to 0 (always valid), then Max, then Min.
        HOTSPOT.setVMOption("MinHeapFreeRatio", "0");
        HOTSPOT.setVMOption("MaxHeapFreeRatio", Integer.toString(maxFree));
        HOTSPOT.setVMOption("MinHeapFreeRatio", Integer.toString(minFree));
        String s = "MaxHeapFreeRatio=" + maxFree + " MinHeapFreeRatio=" + minFree + " (applied at full GC"
                + (COLLECTOR == Collector.G1 ? " and Remark" : "") + ")";
        if (COLLECTOR == Collector.G1) {
            long periodic = memoryLimit == Long.MAX_VALUE ? JVM_PERIODIC : PERIODIC_GC_MS;
            HOTSPOT.setVMOption("G1PeriodicGCInterval", Long.toString(periodic));
            s += " G1PeriodicGCInterval=" + periodic
                    + (memoryLimit == Long.MAX_VALUE ? "" : " (G1 cannot cap its heap at run time: the limit is not enforced)");
        }
        return s;
    }

    /** The heap in use after the last collection (Go's marked live heap), or 0 before the first. */
    public static long liveHeap() {
        return Math.max(live, 0);
    }

    /** GOGC now (-1: off). */
    public static synchronized int gcPercent() {
        return gcPercent;
    }

    /** GOMEMLIMIT now (Long.MAX_VALUE: none). */
    public static synchronized long memoryLimit() {
        return memoryLimit;
    }

    private static Collector detect() {
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            String n = b.getName();
            if (n.startsWith("ZGC")) return Collector.ZGC;
            if (n.startsWith("Shenandoah")) return Collector.SHENANDOAH;
            if (n.startsWith("G1")) return Collector.G1;
            if (n.equals("Copy") || n.equals("MarkSweepCompact")) return Collector.SERIAL;
            if (n.startsWith("PS ")) return Collector.PARALLEL;
        }
        return Collector.OTHER;
    }

    private static long longOption(String name, long def) {
        try {
            return Long.parseLong(HOTSPOT.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return def;
        }
    }
}
