package dev.gort.runtime.pprof;

import dev.gort.Go;
import dev.gort.internal.prof.Builtins;
import dev.gort.internal.prof.CpuProf;
import dev.gort.internal.prof.MemProf;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Go's {@code runtime/pprof}: profiles in the format of the pprof tool (gzipped protobuf,
 * google/pprof's {@code profile.proto}, written as Go writes it) or Go's legacy text, and goroutine
 * labels.
 *
 * <h2>Profiles</h2>
 * The CPU profile comes from JDK Flight Recorder's CPU-time sampler; heap and allocs from its
 * allocation sampler and leak profiler; block and mutex from gort's own synchronization primitives;
 * goroutine from the goroutine registry; threadcreate from gort's OS threads (docs/mapping.md says
 * how each differs from Go). JFR is started on the first use of this class (heap sampling, as Go
 * samples from the start) or of the CPU profiler, never at program start.
 *
 * <h2>Labels</h2>
 * Go keeps labels in a {@code context.Context} and copies them to the goroutine; gort has no
 * contexts, so the calling goroutine's labels are the context: {@link #doWithLabels} adds labels for
 * the duration of a call, {@link #setGoroutineLabels} replaces them, {@link #label} and
 * {@link #forLabels} read them. Goroutines started by a goroutine inherit its labels, as in Go.
 * CPU and goroutine profiles carry them.
 */
public final class Pprof {
    private Pprof() {}

    /** Profiles by name: the predefined ones, then custom ones. */
    private static final Map<String, Profile> PROFILES = new ConcurrentHashMap<>();

    static {
        for (String name : Builtins.NAMES) PROFILES.put(name, new Profile(name, true));
        MemProf.ensureStarted();
    }

    // ---------------------------------------------------------------- profiles

    /**
     * Go's {@code pprof.Lookup}: the profile of that name, or null.
     *
     * @param name the profile's name
     * @return the profile, or null
     */
    public static Profile lookup(String name) {
        return PROFILES.get(name);
    }

    /** {@return Go's {@code pprof.Profiles}: every profile, sorted by name} */
    public static List<Profile> profiles() {
        List<Profile> all = new ArrayList<>(PROFILES.values());
        all.sort(Comparator.comparing(Profile::name));
        return all;
    }

    /**
     * Go's {@code pprof.NewProfile}: a new custom profile. Panics, as Go does, for an empty name or
     * a name already in use.
     *
     * @param name the new profile's name
     * @return the new profile
     */
    public static Profile newProfile(String name) {
        if (name.isEmpty()) throw Go.panic("pprof: NewProfile with empty name");
        Profile p = new Profile(name, false);
        if (PROFILES.putIfAbsent(name, p) != null) throw Go.panic("pprof: NewProfile name already in use: " + name);
        return p;
    }

    /**
     * Go's {@code pprof.WriteHeapProfile}: {@code lookup("heap").writeTo(out, 0)}.
     *
     * @param out where the profile is written
     * @throws IOException when writing fails
     */
    public static void writeHeapProfile(OutputStream out) throws IOException {
        lookup("heap").writeTo(out, 0);
    }

    // ---------------------------------------------------------------- CPU

    /**
     * Go's {@code pprof.StartCPUProfile}: samples the CPU at 100 Hz (or the rate set just before by
     * {@code GoRuntime.setCPUProfileRate}) until {@link #stopCPUProfile}, which writes the profile to
     * {@code out}.
     *
     * @throws IllegalStateException {@code cpu profiling already in use} (Go's error) when a profile is running
     * @param out where the profile is written when it stops
     */
    public static void startCPUProfile(OutputStream out) {
        CpuProf.start(out);
    }

    /** Go's {@code pprof.StopCPUProfile}: stops the profile and writes it; does nothing if none runs. */
    public static void stopCPUProfile() {
        try {
            CpuProf.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- labels

    /**
     * Go's {@code pprof.Labels}: a label set from key, value, … pairs. Panics, as Go does, for an
     * odd number of arguments.
     *
     * @param keyValues keys and values, alternating
     * @return the label set
     */
    public static LabelSet labels(String... keyValues) {
        if (keyValues.length % 2 != 0) throw Go.panic("uneven number of arguments to pprof.Labels");
        return LabelSet.of(keyValues.clone());
    }

    /**
     * Go's {@code pprof.Do}: runs {@code body} with the calling goroutine's labels plus
     * {@code labels} (which win on equal keys), then restores the labels it had, even if body
     * panics. Goroutines started inside inherit the combined labels.
     *
     * @param labels the labels added while body runs
     * @param body the code run with the labels
     */
    public static void doWithLabels(LabelSet labels, Runnable body) {
        G g = Sched.currentG();
        Object before = g.labels;
        set(g, current(g).with(labels));
        try {
            body.run();
        } finally {
            g.labels = before;
            CpuProf.labelsChanged((String[]) before);
        }
    }

    /**
     * Go's {@code pprof.SetGoroutineLabels}: replaces the calling goroutine's labels.
     *
     * @param labels the goroutine's new labels
     */
    public static void setGoroutineLabels(LabelSet labels) {
        set(Sched.currentG(), labels);
    }

    /** {@return The calling goroutine's labels (Go's {@code pprof.Labels} of the goroutine's context)} */
    public static LabelSet goroutineLabels() {
        return current(Sched.currentG());
    }

    /**
     * Go's {@code pprof.Label}: the value of {@code key} among the calling goroutine's labels.
     *
     * @param key the label's key
     * @return its value, or empty
     */
    public static Optional<String> label(String key) {
        return Optional.ofNullable(goroutineLabels().toMap().get(key));
    }

    /**
     * Go's {@code pprof.ForLabels}: calls {@code f} with each of the calling goroutine's labels, in
     * key order, until it returns false.
     *
     * @param f called with each key and value; returning false stops
     */
    public static void forLabels(BiPredicate<String, String> f) {
        for (Map.Entry<String, String> e : goroutineLabels().toMap().entrySet()) {
            if (!f.test(e.getKey(), e.getValue())) return;
        }
    }

    private static LabelSet current(G g) {
        return g.labels instanceof String[] kv ? new LabelSet(kv) : LabelSet.EMPTY;
    }

    private static void set(G g, LabelSet labels) {
        String[] kv = labels.pairs.length == 0 ? null : labels.pairs;
        g.labels = kv;
        CpuProf.labelsChanged(kv);
    }
}
