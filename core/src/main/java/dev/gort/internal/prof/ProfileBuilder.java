package dev.gort.internal.prof;

import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One profile in pprof's model (google/pprof {@code profile.proto}), collected as samples and
 * written as Go's runtime/pprof writes it: gzip (fastest level) around the protobuf, the string
 * table starting with {@code ""}, one mapping flagged {@code has_functions}, {@code has_filenames}
 * and {@code has_line_numbers} (so that pprof does not try to symbolize), a location per PC and a
 * function per symbol-table function, named as Go names it, with its source file and line.
 *
 * <p>Samples are keyed by stack and labels: adding the same key again adds the values (Go's CPU
 * profile builder merges the same way). The same samples feed the legacy text formats
 * ({@link LegacyText}) and delta profiles ({@link #subtract}).
 *
 * <p>PCs are the symbol table's ({@link SymTab}); a PC with no function is written as a location
 * without lines. Not thread-safe: one builder per profile being written.
 */
public final class ProfileBuilder {
    /** A sample's identity: its stack (leaf first) and its labels (sorted key/value pairs, or empty). */
    public record Key(long[] pcs, String[] labels) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(pcs, k.pcs) && Arrays.equals(labels, k.labels);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pcs) + Arrays.hashCode(labels);
        }
    }

    /** A sample: its key, one value per sample type, and an optional numeric label (0 unit-less key = none). */
    public static final class Sample {
        public final Key key;
        public final long[] values;
        String numKey;
        String numUnit;
        long num;

        Sample(Key key, int nvalues) {
            this.key = key;
            this.values = new long[nvalues];
        }
    }

    private static final String[] NO_LABELS = new String[0];

    /** Sample types as type, unit pairs, in Go's order. */
    private final String[] sampleTypes;
    private final String periodType;
    private final String periodUnit;
    private final long period;
    private long timeNanos;
    private long durationNanos;
    private String defaultSampleType;
    private final Map<Key, Sample> samples = new LinkedHashMap<>();

    /**
     * A profile whose samples have the value types {@code sampleTypes} (type, unit, type, unit, …)
     * and whose period is {@code period} {@code periodType}/{@code periodUnit}.
     */
    public ProfileBuilder(String periodType, String periodUnit, long period, String... sampleTypes) {
        if (sampleTypes.length == 0 || sampleTypes.length % 2 != 0) throw new IllegalArgumentException("sample types come in type, unit pairs");
        this.sampleTypes = sampleTypes.clone();
        this.periodType = periodType;
        this.periodUnit = periodUnit;
        this.period = period;
        this.timeNanos = ProcessInfo.wallNanos();
    }

    /** When the profile was taken, in nanoseconds since the epoch (default: when the builder was made). */
    public ProfileBuilder timeNanos(long t) {
        timeNanos = t;
        return this;
    }

    public long timeNanos() {
        return timeNanos;
    }

    /** How long the profile covers, in nanoseconds. */
    public ProfileBuilder durationNanos(long d) {
        durationNanos = d;
        return this;
    }

    /** The sample type pprof shows by default (Go sets it for allocs: {@code alloc_space}). */
    public ProfileBuilder defaultSampleType(String type) {
        defaultSampleType = type;
        return this;
    }

    /** Number of values each sample has. */
    public int valueCount() {
        return sampleTypes.length / 2;
    }

    public long period() {
        return period;
    }

    /** Adds {@code values} to the sample of this stack and these labels (sorted key/value pairs; null for none). */
    public Sample add(long[] pcs, String[] labels, long... values) {
        Key key = new Key(pcs, labels == null ? NO_LABELS : labels);
        Sample s = samples.computeIfAbsent(key, k -> new Sample(k, valueCount()));
        for (int i = 0; i < values.length; i++) s.values[i] += values[i];
        return s;
    }

    /** Adds a sample with a numeric label (Go's heap profile: {@code bytes} = the average object size). */
    public void add(long[] pcs, String numKey, long num, String numUnit, long... values) {
        Sample s = add(pcs, null, values);
        s.numKey = numKey;
        s.num = num;
        s.numUnit = numUnit;
    }

    /** The samples, in the order first added. */
    public List<Sample> samples() {
        return new ArrayList<>(samples.values());
    }

    /**
     * Makes this profile the difference {@code this - earlier} (Go's delta profiles): values of the
     * same key subtract; samples whose values all become 0 go. Time stays this one's; the duration
     * becomes the time between the two.
     */
    public void subtract(ProfileBuilder earlier) {
        for (Sample e : earlier.samples.values()) {
            Sample s = samples.computeIfAbsent(e.key, k -> new Sample(k, valueCount()));
            for (int i = 0; i < s.values.length; i++) s.values[i] -= e.values[i];
        }
        samples.values().removeIf(s -> Arrays.stream(s.values).allMatch(v -> v == 0));
        durationNanos = timeNanos - earlier.timeNanos;
    }

    // ---------------------------------------------------------------- encoding

    /** Writes the gzipped profile to {@code out} (which stays open). */
    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        gz.write(encode());
        gz.finish();
        gz.flush();
    }

    /** The profile as an uncompressed protobuf message. */
    byte[] encode() {
        Strings strings = new Strings();
        ProtoBuf b = new ProtoBuf();
        for (int i = 0; i < sampleTypes.length; i += 2) valueType(b, 1, strings, sampleTypes[i], sampleTypes[i + 1]);

        Map<Long, Integer> locationIds = new HashMap<>();
        List<Long> locationPcs = new ArrayList<>();
        long[] ids = new long[64];
        for (Sample s : samples.values()) {
            int m = b.startMessage(2);
            long[] pcs = s.key.pcs();
            if (ids.length < pcs.length) ids = new long[pcs.length];
            for (int i = 0; i < pcs.length; i++) {
                long pc = pcs[i];
                ids[i] = locationIds.computeIfAbsent(pc, p -> {
                    locationPcs.add(p);
                    return locationPcs.size();
                });
            }
            b.packed(1, ids, pcs.length);
            b.packed(2, s.values, s.values.length);
            String[] labels = s.key.labels();
            for (int i = 0; i < labels.length; i += 2) {
                int l = b.startMessage(3);
                b.int64(1, strings.index(labels[i]));
                b.int64(2, strings.index(labels[i + 1]));
                b.endMessage(l);
            }
            if (s.numKey != null) {
                int l = b.startMessage(3);
                b.int64(1, strings.index(s.numKey));
                b.int64(3, s.num);
                if (s.numUnit != null) b.int64(4, strings.index(s.numUnit));
                b.endMessage(l);
            }
            b.endMessage(m);
        }

        long maxPc = 0;
        for (long pc : locationPcs) maxPc = Math.max(maxPc, pc);
        int m = b.startMessage(3);
        b.int64(1, 1);
        b.int64(3, maxPc + 1);
        b.int64(5, strings.index(ProcessInfo.programName()));
        b.bool(7, true);
        b.bool(8, true);
        b.bool(9, true);
        b.endMessage(m);

        Map<FuncInfo, Integer> functionIds = new LinkedHashMap<>();
        for (int i = 0; i < locationPcs.size(); i++) {
            long pc = locationPcs.get(i);
            int l = b.startMessage(4);
            b.int64(1, i + 1);
            b.int64(2, 1);
            b.int64(3, pc);
            FuncInfo fn = SymTab.func(pc);
            if (fn != null) {
                int line = b.startMessage(4);
                b.int64(1, functionIds.computeIfAbsent(fn, f -> functionIds.size() + 1));
                b.int64(2, fn.line(SymTab.bci(pc)));
                b.endMessage(line);
            }
            b.endMessage(l);
        }
        for (Map.Entry<FuncInfo, Integer> e : functionIds.entrySet()) {
            FuncInfo fn = e.getKey();
            int f = b.startMessage(5);
            b.int64(1, e.getValue());
            long name = strings.index(fn.name());
            b.int64(2, name);
            b.int64(3, name);
            b.int64(4, strings.index(fn.file()));
            b.int64(5, fn.line(0));
            b.endMessage(f);
        }

        b.int64(9, timeNanos);
        b.int64(10, durationNanos);
        int pt = b.startMessage(11);
        b.int64(1, strings.index(periodType));
        b.int64(2, strings.index(periodUnit));
        b.endMessage(pt);
        b.int64(12, period);
        if (defaultSampleType != null) b.int64(14, strings.index(defaultSampleType));
        for (String s : strings.list) b.string(6, s);
        return b.bytes();
    }

    private static void valueType(ProtoBuf b, int field, Strings strings, String type, String unit) {
        int m = b.startMessage(field);
        b.int64(1, strings.index(type));
        b.int64(2, strings.index(unit));
        b.endMessage(m);
    }

    /** The string table: {@code ""} at index 0, each other string once, in first-use order. */
    private static final class Strings {
        final List<String> list = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        Strings() {
            index("");
        }

        long index(String s) {
            Integer i = index.get(s);
            if (i == null) {
                i = list.size();
                list.add(s);
                index.put(s, i);
            }
            return i;
        }
    }
}
