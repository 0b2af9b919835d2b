package dev.gort.internal.prof;

import dev.gort.internal.traceback.Traceback;
import dev.gort.runtime.GoRuntime;
import java.util.List;

/**
 * Go's six predefined profiles (runtime/pprof's goroutine, threadcreate, heap, allocs, block and
 * mutex), each collected into a {@link ProfileBuilder} and written in the protobuf or the legacy
 * text form, as runtime/pprof's Profile.WriteTo does. Shared by {@code runtime.pprof.Profile} and the
 * HTTP server's delta profiles.
 */
public final class Builtins {
    private Builtins() {}

    /** The names, in Go's order of definition. */
    public static final List<String> NAMES = List.of("goroutine", "threadcreate", "heap", "allocs", "block", "mutex");

    /** A built-in profile's samples now, as the protobuf form writes them. */
    public static ProfileBuilder collect(String name) {
        return switch (name) {
            case "goroutine" -> GoroutineProf.collect();
            case "threadcreate" -> ThreadCreateProf.collect();
            case "heap" -> MemProf.collect(false);
            case "allocs" -> MemProf.collect(true);
            case "block" -> BlockProf.blockProfileBuilder();
            case "mutex" -> BlockProf.mutexProfileBuilder(true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A built-in profile's count (Go's Profile.Count): goroutines, threads or records. */
    public static int count(String name) {
        return switch (name) {
            case "goroutine" -> GoRuntime.numGoroutine();
            case "threadcreate" -> ThreadCreateProf.stacks().size();
            case "heap", "allocs" -> MemProf.buckets().size();
            case "block" -> BlockProf.blockProfile().size();
            case "mutex" -> BlockProf.mutexProfile().size();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The legacy text form ({@code debug > 0}); goroutine at debug 2 is every goroutine's traceback. */
    public static String text(String name, int debug) {
        return switch (name) {
            case "goroutine" -> debug >= 2 ? Traceback.stack(true) : LegacyText.countProfile(name, GoroutineProf.collect());
            case "threadcreate" -> LegacyText.countProfile(name, ThreadCreateProf.collect());
            case "heap", "allocs" -> LegacyText.heapProfile(MemProf.collect(false), MemProf.rate(), GoRuntime.readMemStats());
            case "block" -> LegacyText.contentionProfile("contention", BlockProf.blockProfileBuilder(), 0);
            case "mutex" -> LegacyText.contentionProfile("mutex", BlockProf.mutexProfileBuilder(false), BlockProf.mutexProfileFraction());
            default -> throw new IllegalArgumentException(name);
        };
    }
}
