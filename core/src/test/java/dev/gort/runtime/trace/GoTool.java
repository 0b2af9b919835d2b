package dev.gort.runtime.trace;

import dev.gort.testing.GoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Go as the reference reader of gort's traces: {@code go tool trace} and {@code go tool pprof}.
 * Without Go the interop tests are skipped on a developer machine and fail under CI=true
 * (.ci/run installs Debian's golang-go).
 */
final class GoTool {
    private GoTool() {}

    /** The go command, or a skipped (failed under CI) test. */
    static String go() {
        return GoCommand.go("go tool trace");
    }

    /** Runs {@code go args...}; returns stdout, failing the test with stderr on a non-zero exit. */
    static String run(Path stdout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(go());
        cmd.addAll(List.of(args));
        Path out = stdout != null ? stdout : Files.createTempFile("gort-go", ".out");
        Path err = Files.createTempFile("gort-go", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("GOFLAGS", "-mod=mod");
        pb.environment().putIfAbsent("HOME", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> cmd + " failed:\n" + errText);
        return stdout != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
    }
}
