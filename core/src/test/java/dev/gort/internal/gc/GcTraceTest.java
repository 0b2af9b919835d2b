package dev.gort.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GODEBUG=gctrace=1 in Go's format (Go 1.19's mgc.go gcMarkTermination), and the knob report. */
class GcTraceTest {
    /** Go's gctrace line, field by field. */
    static final Pattern GO_LINE = Pattern.compile(
            "gc (\\d+) @(\\d+\\.\\d{3})s (\\d+)%: (\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?) ms clock, "
            + "(\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?) ms cpu, "
            + "(\\d+)->(\\d+)->(\\d+) MB, (\\d+) MB goal, (\\d+) MB stacks, (\\d+) MB globals, (\\d+) P( \\(forced\\))?");

    @Test
    void goLinesFromGoReferenceMatch() {
        // Two lines of real Go 1.19 output: the pattern accepts Go's own lines.
        assertTrue(GO_LINE.matcher("gc 1 @0.001s 4%: 0.007+0.60+0.003 ms clock, 0.015+0.028/0.12/0.14+0.007 ms cpu, 3->4->3 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P").matches());
        assertTrue(GO_LINE.matcher("gc 10 @0.019s 13%: 0.042+0.60+0.003 ms clock, 0.084+0.066/0.15/0+0.006 ms cpu, 14->14->4 MB, 15 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)").matches());
    }

    @Test
    void millisecondsAreFormattedAsGoDoes() {
        assertEquals("0", ms(0));
        assertEquals("0", ms(999));
        assertEquals("0.007", ms(7_000));
        assertEquals("0.092", ms(92_000));
        assertEquals("0.60", ms(600_000));
        assertEquals("1.2", ms(1_200_000));
        assertEquals("9.9", ms(9_999_999));
        assertEquals("10", ms(10_000_000));
        assertEquals("123", ms(123_456_789));
    }

    private static String ms(long ns) {
        return GcTrace.ms(new StringBuilder(), ns).toString();
    }

    /** Allocates churn in two goroutines (as A8), then forces two collections. */
    static final class Churn {
        static volatile Object sink;

        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(Churn::allocate);
                allocate();
                GoRuntime.gc();
                GoRuntime.gc();
                System.out.println("done");
            });
        }

        static void allocate() {
            List<byte[]> keep = new ArrayList<>();
            for (int i = 0; i < 200_000; i++) {
                keep.add(new byte[1024]);
                if (keep.size() == 5_000) keep = new ArrayList<>();
            }
            sink = keep;
        }
    }

    @Test
    void oneGoFormatLinePerCollection() {
        Result r = GoProcess.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:+UseG1GC", "-Xmx256m"),
                Churn.class, Map.of("GODEBUG", "gctrace=1", "GOMAXPROCS", "2"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("done\n", r.stdout(), r::toString);
        long prev = 0;
        int forced = 0;
        for (String line : r.stderr().lines().toList()) {
            Matcher m = GO_LINE.matcher(line);
            assertTrue(m.matches(), () -> "not a gctrace line: " + line + "\n" + r);
            long n = Long.parseLong(m.group(1));
            assertEquals(prev + 1, n, () -> "gc numbers are consecutive\n" + r);
            prev = n;
            assertEquals("2", m.group(18), "P is GOMAXPROCS");
            assertEquals("0", m.group(8), "no mutator assists on the JVM");
            if (m.group(19) != null) forced++;
        }
        assertTrue(forced >= 2, () -> "two runtime.GC calls give two (forced) lines\n" + r);
    }

    /** Exits at once; GOGC from the environment is applied at start and reported. */
    static final class Idle {
        public static void main(String[] args) {
            Go.main(args, () -> System.out.println(dev.gort.runtime.debug.Debug.setGCPercent(100)));
        }
    }

    @Test
    void gogcAtStartIsReportedWithTheKnobThatTookEffect() {
        Result r = GoProcess.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:+UseG1GC"),
                Idle.class, Map.of("GODEBUG", "gctrace=1", "GOGC", "50"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("50\n", r.stdout(), r::toString);
        assertTrue(r.stderr().contains("gort: GOGC=50 GOMEMLIMIT=off: G1 MaxHeapFreeRatio=33 MinHeapFreeRatio=33"), r::toString);
        assertTrue(r.stderr().contains("gort: GOGC=100 GOMEMLIMIT=off: G1 MaxHeapFreeRatio="), r::toString);
    }

    @Test
    void zgcLinesCarryTheCycleAndItsPauses() {
        Result r = GoProcess.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:+UseZGC", "-Xmx256m"),
                Churn.class, Map.of("GODEBUG", "gctrace=1", "GOMAXPROCS", "2"));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.size() >= 2, r::toString);
        for (String line : lines) assertTrue(GO_LINE.matcher(line).matches(), () -> "not a gctrace line: " + line);
        // The program's runtime.GC() is marked; ZGC may still run a cycle of its own while the JVM exits.
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" (forced)")), r::toString);
    }
}
