package dev.gort.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's execution trace ({@code -trace=FILE}) read by Go 1.19's tools: it parses with
 * {@code go tool trace -d}, and the synchronization profile derived from it names the demo's own
 * blocking functions. Skipped without Go on a developer machine, failed under CI=true.
 */
class DemoTraceTest {
    @TempDir
    Path dir;

    @Test
    void demoTraceParsesAndNamesItsBlockingFunctions() throws Exception {
        String go = go();
        Path trace = dir.resolve("demo.trace");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.gort.demo.Demo", "20000", "-trace=" + trace), null);
        assertTrue(out.contains("goroutines ran"), out);
        String events = run(List.of(go, "tool", "trace", "-d", trace.toString()), null);
        for (String ev : new String[] {" GoCreate ", " GoBlockRecv ", " GoBlockSend ", " GoEnd "}) {
            assertTrue(events.contains(ev), () -> ev + " missing from the demo's trace");
        }
        for (String kind : new String[] {"sync", "sched"}) {
            Path pb = dir.resolve(kind + ".pb");
            run(List.of(go, "tool", "trace", "-pprof=" + kind, trace.toString()), pb);
            String top = run(List.of(go, "tool", "pprof", "-top", pb.toString()), null);
            assertTrue(top.contains("dev.gort.demo.Demo."), () -> "no demo function in the " + kind + " profile:\n" + top);
        }
    }

    private static String go() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "go"))) return Path.of(d, "go").toString();
        }
        if ("true".equals(System.getenv("CI"))) fail("go is not installed: the demo trace test needs go tool trace");
        Assumptions.abort("go is not installed");
        return null;
    }

    /** Runs a command (stdout to {@code to} when given); fails on a non-zero exit. Returns stdout otherwise. */
    private String run(List<String> cmd, Path to) throws Exception {
        Path out = to != null ? to : Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), () -> cmd + ":\n" + read(err));
        return to != null ? "" : read(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
