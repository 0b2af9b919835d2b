package dev.gort.internal.env;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process environment as Go's runtime reads it at start: GOMAXPROCS, GOTRACEBACK and
 * GODEBUG (runtime/runtime1.go parsedebugvars). Values are read once; GOTRACEBACK can later be
 * changed by debug.SetTraceback, so it is kept in a volatile field.
 *
 * <p>Each environment variable may also be given as a system property of the same name
 * ({@code -DGODEBUG=gctrace=1}), which wins over the environment: the JVM cannot set its own
 * environment, and tests need to.
 */
public final class Env {
    private Env() {}

    /** GOTRACEBACK levels, Go's order: each prints at least what the one before prints. */
    public enum Traceback { NONE, SINGLE, ALL, SYSTEM, CRASH }

    private static final List<String[]> GODEBUG = parseGodebug(get("GODEBUG"));
    private static volatile Traceback traceback = parseTraceback(get("GOTRACEBACK"), Traceback.SINGLE);

    /** Reads a variable: the system property of that name first, then the environment. */
    public static String get(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    /**
     * One GODEBUG setting as an int: Go applies the fields in order, each well-formed value
     * replacing the one before and a malformed one changing nothing; {@code def} when none applies.
     */
    public static int godebug(String key, int def) {
        int v = def;
        for (String[] kv : GODEBUG) {
            long n = kv[0].equals(key) ? atoi(kv[1]) : Long.MIN_VALUE;
            if (n != Long.MIN_VALUE && n == (int) n) v = (int) n;
        }
        return v;
    }

    /** The GOMAXPROCS variable as Go reads it (atoi32, no spaces): a positive integer, else {@code def}. */
    public static int gomaxprocs(int def) {
        String v = get("GOMAXPROCS");
        long n = v == null ? Long.MIN_VALUE : atoi(v);
        return n > 0 && n == (int) n ? (int) n : def;
    }

    /**
     * Go's atoi64 (runtime/string.go): an optional {@code -} and decimal digits, nothing else (no
     * {@code +}, no spaces); {@link Long#MIN_VALUE} when malformed or out of range.
     */
    static long atoi(String s) {
        boolean neg = s.startsWith("-");
        int i = neg ? 1 : 0;
        if (i == s.length()) return Long.MIN_VALUE;
        long n = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || n > (Long.MAX_VALUE - (c - '0')) / 10) return Long.MIN_VALUE;
            n = n * 10 + (c - '0');
        }
        return neg ? -n : n;
    }

    // ---------------------------------------------------------------- MemProfileRate, panicnil

    /**
     * Go's {@code runtime.MemProfileRate}: one sampled allocation per this many bytes allocated;
     * 0 turns memory profiling off. Go's default (512 KiB) unless {@code GODEBUG=memprofilerate=X}
     * sets it at start. Written by {@code GoRuntime.setMemProfileRate}, read by the heap profiler.
     */
    private static volatile int memProfileRate = godebug("memprofilerate", 512 * 1024);

    public static int memProfileRate() {
        return memProfileRate;
    }

    public static void setMemProfileRate(int rate) {
        memProfileRate = rate;
    }

    /** {@code GODEBUG=panicnil=1}: {@code panic(nil)} panics with a nil value (Go before 1.21). */
    public static final boolean PANICNIL = godebug("panicnil", 0) == 1;
    /** Go's panicnil.IncNonDefault: nil panics that the setting let through (Go 1.21's godebug metric). */
    public static final LongAdder PANICNIL_EVENTS = new LongAdder();

    public static Traceback traceback() {
        return traceback;
    }

    /** debug.SetTraceback: the level can only be raised above GOTRACEBACK's, as in Go. */
    public static void setTraceback(String level) {
        Traceback env = parseTraceback(get("GOTRACEBACK"), Traceback.SINGLE);
        Traceback t = parseTraceback(level, Traceback.SINGLE);
        traceback = t.compareTo(env) < 0 ? env : t;
    }

    /** Go's GOTRACEBACK spellings: none/0, single/"", all/1, system/2, crash; unknown ones act as a number or "all". */
    static Traceback parseTraceback(String s, Traceback def) {
        if (s == null || s.isEmpty()) return def;
        return switch (s) {
            case "none", "0" -> Traceback.NONE;
            case "single" -> Traceback.SINGLE;
            case "all", "1" -> Traceback.ALL;
            case "system", "2" -> Traceback.SYSTEM;
            case "crash" -> Traceback.CRASH;
            default -> {
                try {
                    int n = Integer.parseInt(s);
                    yield n <= 0 ? Traceback.NONE : n == 1 ? Traceback.ALL : Traceback.SYSTEM;
                } catch (NumberFormatException e) {
                    yield Traceback.ALL;
                }
            }
        };
    }

    /**
     * Go's parsedebugvars: comma-separated {@code key=value} fields, in order, taken as written (no
     * trimming); a field without {@code =} is skipped; unknown keys are kept but nothing reads them
     * (Go ignores them too).
     */
    static List<String[]> parseGodebug(String s) {
        List<String[]> fields = new ArrayList<>();
        if (s == null) return fields;
        for (String kv : s.split(",", -1)) {
            int eq = kv.indexOf('=');
            if (eq >= 0) fields.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
        }
        return fields;
    }

    /**
     * The JVM's thread stack size in bytes ({@code -Xss}/{@code -XX:ThreadStackSize}): the stack a
     * goroutine's frames run on (its carrier's), so the limit a goroutine overflows; 0 if unknown.
     */
    public static long threadStackSize() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hs.getVMOption("ThreadStackSize").getValue()) * 1024;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
