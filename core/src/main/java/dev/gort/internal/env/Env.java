package dev.gort.internal.env;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

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

    private static final Map<String, String> GODEBUG = parseGodebug(get("GODEBUG"));
    private static volatile Traceback traceback = parseTraceback(get("GOTRACEBACK"), Traceback.SINGLE);

    /** Reads a variable: the system property of that name first, then the environment. */
    public static String get(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    /** One GODEBUG setting as an int, or {@code def} when absent or malformed (Go ignores those too). */
    public static int godebug(String key, int def) {
        String v = GODEBUG.get(key);
        if (v == null) return def;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** The GOMAXPROCS variable as Go reads it: a positive integer, else {@code def}. */
    public static int gomaxprocs(int def) {
        String v = get("GOMAXPROCS");
        if (v == null) return def;
        try {
            int n = Integer.parseInt(v.trim());
            return n > 0 ? n : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }

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

    static Map<String, String> parseGodebug(String s) {
        Map<String, String> m = new HashMap<>();
        if (s == null) return m;
        for (String kv : s.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return m;
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
