package dev.gort.internal.prof;

import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import dev.gort.internal.traceback.Names;
import dev.gort.runtime.MemStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The legacy text profiles of Go's runtime/pprof ({@code ?debug=1}): count profiles
 * ({@code goroutine profile: total N}), the heap profile ({@code heap profile: a: b [c: d] @ heap/R}
 * with the MemStats trailer) and contention profiles ({@code --- contention:}), each record's
 * stack as {@code @ 0x…} PCs and one {@code #\t0xPC\tfunc+0xOFF\tfile:line} line per frame, all
 * aligned by {@link TabWriter} as Go aligns them. PCs are the symbol table's, so pprof resolves
 * them through {@code /debug/pprof/symbol}.
 */
public final class LegacyText {
    private LegacyText() {}

    /**
     * Go's printCountProfile at debug 1: a count profile's samples (value 0 = count), grouped by
     * stack and labels, highest count first, ties by the {@code @ 0x…} key.
     */
    public static String countProfile(String name, ProfileBuilder p) {
        record Row(String key, long count, long[] pcs) {}
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (ProfileBuilder.Sample s : p.samples()) {
            StringBuilder k = new StringBuilder("@");
            for (long pc : s.key.pcs()) k.append(" 0x").append(Long.toHexString(pc));
            if (s.key.labels().length > 0) k.append("\n# labels: ").append(labelText(s.key.labels()));
            rows.add(new Row(k.toString(), s.values[0], s.key.pcs()));
            total += s.values[0];
        }
        rows.sort(Comparator.comparingLong((Row r) -> -r.count).thenComparing(Row::key));
        TabWriter w = new TabWriter();
        w.print(name + " profile: total " + total + "\n");
        for (Row r : rows) {
            w.print(r.count + " " + r.key + "\n");
            w.print(stackRecord(r.pcs, false));
        }
        return w.flush();
    }

    /** Go's labelMap.String: {@code {"k":"v", "k2":"v2"}}, pairs sorted. */
    public static String labelText(String[] labels) {
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) kv.add(quote(labels[i]) + ":" + quote(labels[i + 1]));
        kv.sort(null);
        return "{" + String.join(", ", kv) + "}";
    }

    /** Go's %q for the strings labels hold: double quotes, backslash escapes for quotes, backslashes and control characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Go's printStackRecord: one {@code #} line per frame; unless {@code allFrames}, leading runtime
     * frames are hidden, and all are shown again if nothing else would be. Ends with a blank line.
     */
    static String stackRecord(long[] pcs, boolean allFrames) {
        StringBuilder b = new StringBuilder();
        boolean show = allFrames;
        for (long pc : pcs) {
            FuncInfo fn = SymTab.func(pc);
            if (fn == null) {
                show = true;
                b.append("#\t0x").append(Long.toHexString(pc)).append('\n');
            } else if (show || !Names.isRuntimeFrame(fn.className())) {
                show = true;
                b.append("#\t0x").append(Long.toHexString(pc)).append('\t').append(fn.name())
                        .append("+0x").append(Long.toHexString(pc - fn.entry())).append('\t')
                        .append(fn.file()).append(':').append(fn.line(SymTab.bci(pc))).append('\n');
            }
        }
        if (!show) return stackRecord(pcs, true);
        return b.append('\n').toString();
    }

    /**
     * Go's heap profile at debug 1 from samples valued alloc objects, alloc bytes, in-use objects,
     * in-use bytes (unscaled records), sorted by in-use bytes, then the MemStats trailer.
     */
    public static String heapProfile(ProfileBuilder p, long memProfileRate, MemStats s) {
        List<ProfileBuilder.Sample> rows = p.samples();
        rows.sort(Comparator.comparingLong((ProfileBuilder.Sample r) -> -r.values[3]));
        long[] total = new long[4];
        for (ProfileBuilder.Sample r : rows) {
            for (int i = 0; i < 4; i++) total[i] += r.values[i];
        }
        TabWriter w = new TabWriter();
        w.print("heap profile: " + total[2] + ": " + total[3] + " [" + total[0] + ": " + total[1] + "] @ heap/" + 2 * memProfileRate + "\n");
        for (ProfileBuilder.Sample r : rows) {
            StringBuilder b = new StringBuilder();
            b.append(r.values[2]).append(": ").append(r.values[3]).append(" [").append(r.values[0]).append(": ").append(r.values[1]).append("] @");
            for (long pc : r.key.pcs()) b.append(" 0x").append(Long.toHexString(pc));
            w.print(b.append('\n').toString());
            w.print(stackRecord(r.key.pcs(), false));
        }
        w.print(memStats(s));
        return w.flush();
    }

    private static String memStats(MemStats s) {
        StringBuilder b = new StringBuilder("\n# runtime.MemStats\n");
        b.append("# Alloc = ").append(s.alloc()).append('\n');
        b.append("# TotalAlloc = ").append(s.totalAlloc()).append('\n');
        b.append("# Sys = ").append(s.sys()).append('\n');
        b.append("# Lookups = ").append(s.lookups()).append('\n');
        b.append("# Mallocs = ").append(s.mallocs()).append('\n');
        b.append("# Frees = ").append(s.frees()).append('\n');
        b.append("# HeapAlloc = ").append(s.heapAlloc()).append('\n');
        b.append("# HeapSys = ").append(s.heapSys()).append('\n');
        b.append("# HeapIdle = ").append(s.heapIdle()).append('\n');
        b.append("# HeapInuse = ").append(s.heapInuse()).append('\n');
        b.append("# HeapReleased = ").append(s.heapReleased()).append('\n');
        b.append("# HeapObjects = ").append(s.heapObjects()).append('\n');
        b.append("# Stack = ").append(s.stackInuse()).append(" / ").append(s.stackSys()).append('\n');
        b.append("# MSpan = ").append(s.mSpanInuse()).append(" / ").append(s.mSpanSys()).append('\n');
        b.append("# MCache = ").append(s.mCacheInuse()).append(" / ").append(s.mCacheSys()).append('\n');
        b.append("# BuckHashSys = ").append(s.buckHashSys()).append('\n');
        b.append("# GCSys = ").append(s.gcSys()).append('\n');
        b.append("# OtherSys = ").append(s.otherSys()).append('\n');
        b.append("# NextGC = ").append(s.nextGC()).append('\n');
        b.append("# LastGC = ").append(s.lastGC()).append('\n');
        b.append("# PauseNs = ").append(goArray(s.pauseNs())).append('\n');
        b.append("# PauseEnd = ").append(goArray(s.pauseEnd())).append('\n');
        b.append("# NumGC = ").append(s.numGC()).append('\n');
        b.append("# NumForcedGC = ").append(s.numForcedGC()).append('\n');
        b.append("# GCCPUFraction = ").append(s.gcCPUFraction()).append('\n');
        b.append("# DebugGC = ").append(s.debugGC()).append('\n');
        return b.toString();
    }

    /** Go's %d of an array: {@code [1 2 3]}. */
    private static String goArray(long[] a) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) b.append(i == 0 ? "" : " ").append(a[i]);
        return b.append(']').toString();
    }

    /**
     * Go's printCountCycleProfile at debug 1: {@code --- contention:} (or {@code --- mutex:} with
     * its sampling period), cycles per second, then {@code cycles count @ 0x…} per record, most
     * cycles first, with every frame.
     */
    public static String contentionProfile(String name, ProfileBuilder p, int mutexFraction) {
        List<ProfileBuilder.Sample> rows = p.samples();
        rows.sort(Comparator.comparingLong((ProfileBuilder.Sample r) -> -r.values[1]));
        TabWriter w = new TabWriter();
        w.print("--- " + name + ":\ncycles/second=" + BlockProf.CYCLES_PER_SECOND + "\n");
        if (name.equals("mutex")) w.print("sampling period=" + mutexFraction + "\n");
        for (ProfileBuilder.Sample r : rows) {
            StringBuilder b = new StringBuilder().append(r.values[1]).append(' ').append(r.values[0]).append(" @");
            for (long pc : r.key.pcs()) b.append(" 0x").append(Long.toHexString(pc));
            w.print(b.append('\n').toString());
            w.print(stackRecord(r.key.pcs(), true));
        }
        return w.flush();
    }
}
