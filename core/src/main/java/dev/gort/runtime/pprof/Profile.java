package dev.gort.runtime.pprof;

import dev.gort.Go;
import dev.gort.internal.prof.Builtins;
import dev.gort.internal.prof.GoroutineProf;
import dev.gort.internal.prof.LegacyText;
import dev.gort.internal.prof.ProfileBuilder;
import dev.gort.internal.symtab.SymTab;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code pprof.Profile}: a named collection of stack traces. The predefined ones
 * ({@code goroutine}, {@code threadcreate}, {@code heap}, {@code allocs}, {@code block},
 * {@code mutex}) read the runtime's records; a custom one ({@link Pprof#newProfile}) holds the stacks
 * at which values were {@link #add added} and not yet {@link #remove removed}, e.g. open files.
 *
 * <p>Custom profiles key values by identity, as Go keys them by interface value (for the pointers
 * it is meant for, identity too). Their table is guarded by the profile's monitor.
 */
public final class Profile {
    private final String name;
    private final boolean builtin;
    /** Value → stack (PCs, leaf first) where it was added; custom profiles only. Guarded by this. */
    private final Map<Object, long[]> values = new IdentityHashMap<>();

    Profile(String name, boolean builtin) {
        this.name = name;
        this.builtin = builtin;
    }

    /** {@return Go's {@code Profile.Name}} */
    public String name() {
        return name;
    }

    /** {@return Go's {@code Profile.Count}: the number of records (goroutines for {@code goroutine}, threads for {@code threadcreate})} */
    public int count() {
        if (builtin) return Builtins.count(name);
        synchronized (this) {
            return values.size();
        }
    }

    /**
     * Go's {@code Profile.Add}: records {@code value} with the caller's stack, {@code skip} frames
     * up (0: the caller of add). Panics as Go does on a predefined profile or a value already present.
     *
     * @param value the value recorded with the caller's stack
     * @param skip frames to skip above the caller of add
     */
    public void add(Object value, int skip) {
        if (builtin) throw Go.panic("pprof: Add called on built-in Profile " + name);
        long[] pcs = new long[64];
        int n = SymTab.callers(Math.max(skip, 0) + 1, pcs);
        synchronized (this) {
            if (values.containsKey(value)) throw Go.panic("pprof: Profile.Add of duplicate value");
            values.put(value, Arrays.copyOf(pcs, n));
        }
    }

    /**
     * Go's {@code Profile.Remove}: forgets {@code value}; nothing happens if it is not there.
     *
     * @param value the value to forget
     */
    public void remove(Object value) {
        synchronized (this) {
            values.remove(value);
        }
    }

    /**
     * Go's {@code Profile.WriteTo}: {@code debug} 0 writes the gzipped protobuf pprof reads; 1 the
     * legacy text with symbolic comments; for {@code goroutine}, 2 writes every goroutine's
     * traceback in Go's panic format.
     *
     * @param out where the profile is written
     * @param debug 0 for the protobuf format, 1 or more for Go's text forms
     * @throws IOException when writing fails
     */
    public void writeTo(OutputStream out, int debug) throws IOException {
        if (debug > 0) {
            String text = builtin ? Builtins.text(name, debug) : LegacyText.countProfile(name, collectCustom());
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } else {
            (builtin ? Builtins.collect(name) : collectCustom()).write(out);
        }
        out.flush();
    }

    private ProfileBuilder collectCustom() {
        List<GoroutineProf.Entry> entries = new ArrayList<>();
        synchronized (this) {
            for (long[] pcs : values.values()) entries.add(new GoroutineProf.Entry(pcs, null));
        }
        return GoroutineProf.count(name, entries);
    }

    @Override
    public String toString() {
        return "pprof.Profile(" + name + ")";
    }
}
