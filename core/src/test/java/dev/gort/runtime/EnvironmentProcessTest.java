package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.runtime.debug.Debug;
import dev.gort.runtime.metrics.Metrics;
import dev.gort.runtime.metrics.Sample;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment variables and GODEBUG keys of Go's runtime documentation, each read once at
 * start, so each case runs in its own process.
 */
class EnvironmentProcessTest {
    /** Prints the settings the environment controls, as gort sees them. */
    static final class PrintSettings {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Sample limit = new Sample("/gc/gomemlimit:bytes");
                Sample gogc = new Sample("/gc/gogc:percent");
                Sample panicnil = new Sample("/godebug/non-default-behavior/panicnil:events");
                Go.func(() -> {
                    Go.defer(() -> System.out.println("recovered=" + Go.recover()));
                    Go.panic(null);
                });
                Metrics.read(limit, gogc, panicnil);
                System.out.println("gomemlimit=" + Long.toUnsignedString(limit.value().uint64())
                        + " setMemoryLimit=" + Debug.setMemoryLimit(-1)
                        + " gogc=" + Long.toUnsignedString(gogc.value().uint64())
                        + " memprofilerate=" + GoRuntime.memProfileRate()
                        + " gomaxprocs=" + GoRuntime.gomaxprocs(0)
                        + " panicnil=" + panicnil.value().uint64());
            });
        }
    }

    @Test
    void gomemlimitWithAFractionIsRejectedWithGosText() {
        Result r = GoProcess.run(PrintSettings.class, Map.of("GOMEMLIMIT", "1.5GiB"));
        assertEquals(2, r.exitCode(), r::toString);
        // Go 1.19-1.21 readGOMEMLIMIT: the value, then throw's fatal error.
        assertTrue(r.stderr().startsWith("GOMEMLIMIT=1.5GiB\n"
                + "fatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`\n"), r::toString);
        assertEquals("", r.stdout());
    }

    @Test
    void gomemlimitWithAnIecSuffixIsHonoured() {
        Result r = GoProcess.run(PrintSettings.class, Map.of("GOMEMLIMIT", "512MiB"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("gomemlimit=536870912 setMemoryLimit=536870912 "), r::toString);
    }

    @Test
    void defaultsAreGos() {
        Result r = GoProcess.run(PrintSettings.class, Map.of("GOMAXPROCS", "3"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("recovered=panic called with nil argument\n"), r::toString);
        assertTrue(r.stdout().contains("gomemlimit=9223372036854775807 setMemoryLimit=9223372036854775807 gogc=100"
                + " memprofilerate=524288 gomaxprocs=3 panicnil=0"), r::toString);
    }

    @Test
    void gogcOffGodebugSettingsAndUnknownKeys() {
        // Unknown keys and malformed fields are ignored, as Go ignores them; a later setting wins.
        Result r = GoProcess.run(PrintSettings.class, Map.of("GOGC", "off", "GOMAXPROCS", " 1",
                "GODEBUG", "nosuchkey=1,memprofilerate=7,,panicnil,panicnil=0,panicnil=1,memprofilerate=+9"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("recovered=null\n"), r::toString);
        // GOGC=off reads as uint64(-1); " 1" is not a number to Go's atoi, so GOMAXPROCS is NumCPU.
        assertTrue(r.stdout().contains(" gogc=18446744073709551615 memprofilerate=7 gomaxprocs="
                + Runtime.getRuntime().availableProcessors() + " panicnil=1"), r::toString);
    }

    /** Spins two goroutines for a while so that sysmon prints a few schedtrace lines. */
    static final class Busy {
        public static void main(String[] args) {
            Go.main(args, () -> {
                long until = System.nanoTime() + 450_000_000L;
                Go.go(() -> {
                    while (System.nanoTime() < until) GoRuntime.gosched();
                });
                while (System.nanoTime() < until) GoRuntime.gosched();
            });
        }
    }

    /**
     * The line Go's schedtrace prints (Go 1.19 runtime/proc.go): "SCHED ", ms, "ms: ", then these
     * fields as name=value, then " [" the local run queue sizes "]".
     */
    private static final String[] SCHEDTRACE_FIELDS = {
        "gomaxprocs", "idleprocs", "threads", "spinningthreads", "idlethreads", "runqueue"};
    private static final Pattern SCHEDTRACE = Pattern.compile("SCHED (\\d+)ms:"
            + String.join("", java.util.Arrays.stream(SCHEDTRACE_FIELDS).map(f -> " " + f + "=(\\d+)").toList())
            + " \\[(\\d+(?: \\d+)*)\\]");

    @Test
    void schedtraceLinesHaveGosFormat() {
        Result r = GoProcess.run(Busy.class, Map.of("GOMAXPROCS", "3", "GODEBUG", "schedtrace=100"));
        assertEquals(0, r.exitCode(), r::toString);
        List<Long> times = new ArrayList<>();
        for (String line : r.stderr().lines().toList()) {
            Matcher m = SCHEDTRACE.matcher(line);
            assertTrue(m.matches(), () -> "not Go's schedtrace line: " + line);
            assertEquals("3", m.group(2), line);
            assertTrue(Integer.parseInt(m.group(3)) <= 3, line);
            assertEquals(3, m.group(8).split(" ").length, line);
            times.add(Long.parseLong(m.group(1)));
        }
        assertTrue(times.size() >= 3, r::toString);
        for (int i = 1; i < times.size(); i++) assertTrue(times.get(i) - times.get(i - 1) >= 100, times::toString);
    }

    /** Calls runtime.Breakpoint() and says whether it came back. */
    static final class Breakpoint {
        public static void main(String[] args) {
            Go.main(args, () -> {
                GoRuntime.breakpoint();
                System.out.println("after breakpoint");
            });
        }
    }

    @Test
    void breakpointWithoutADebuggerDiesOfSigtrapAsGoDoes() {
        Result r = GoProcess.run(Breakpoint.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().matches("(?s)SIGTRAP: trace trap\nPC=0x[0-9a-f]+ m=\\d+ sigcode=128\n\n"
                + "goroutine 1 \\[running\\]:\n.*EnvironmentProcessTest\\.Breakpoint\\.main\\.func1\\(\\.\\.\\.\\)\n.*"), r::toString);
        assertEquals("", r.stdout());
    }

    @Test
    void breakpointUnderADebuggerTrapsAndReturns() {
        List<String> jvm = new ArrayList<>(GoProcess.GORT_JVM_OPTIONS);
        jvm.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
        Result r = GoProcess.run(jvm, Breakpoint.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("after breakpoint\n"), r::toString);
    }

    @Test
    void setCgoTracebackChecksGosVersionThenSaysWhyItCannot() {
        Panic p = org.junit.jupiter.api.Assertions.assertThrows(Panic.class,
                () -> GoRuntime.setCgoTraceback(1, null, null, null));
        assertEquals("unsupported version", p.value());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> GoRuntime.setCgoTraceback(0, null, null, null));
    }
}
