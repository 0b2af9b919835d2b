package dev.gort.runtime.pprof;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code pprof.LabelSet}: an immutable set of key/value labels, made by {@link Pprof#labels}.
 * Keys are unique (a later value for a key replaces an earlier one) and kept sorted, so two sets
 * with the same labels are equal and profiles group them together.
 */
public final class LabelSet {
    /** Sorted keys interleaved with their values: k0, v0, k1, v1, … Never modified. */
    final String[] pairs;

    static final LabelSet EMPTY = new LabelSet(new String[0]);

    LabelSet(String[] pairs) {
        this.pairs = pairs;
    }

    /** The set of {@code kv} (key, value, …) pairs, sorted, later keys replacing earlier ones. */
    static LabelSet of(String[] kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return fromMap(m);
    }

    static LabelSet fromMap(Map<String, String> m) {
        String[] p = new String[m.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
            p[i++] = e.getKey();
            p[i++] = e.getValue();
        }
        return new LabelSet(p);
    }

    /** These labels with {@code more}'s added, {@code more}'s values winning (Go's WithLabels). */
    LabelSet with(LabelSet more) {
        Map<String, String> m = toMap();
        m.putAll(more.toMap());
        return fromMap(m);
    }

    /** {@return The labels as an ordered map, key order} */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet s && Arrays.equals(pairs, s.pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    /** Go's labelMap.String: {@code {"k":"v", "k2":"v2"}}. */
    @Override
    public String toString() {
        return dev.gort.internal.prof.LegacyText.labelText(pairs);
    }
}
