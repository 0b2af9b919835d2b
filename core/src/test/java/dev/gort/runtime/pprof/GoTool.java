package dev.gort.runtime.pprof;

import dev.gort.testing.GoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Go's {@code go tool pprof}, the reference reader of the profiles gort writes. Without Go on
 * the PATH the interop tests are skipped on a developer's machine but fail under {@code CI=true}
 * ({@code .ci/run} installs Go).
 */
final class GoTool {
    private GoTool() {}

    /** The go binary, or the test is skipped (failed in CI). */
    static String go() {
        return GoCommand.go("go tool pprof");
    }

    /** Runs {@code go tool pprof args…}, asserts it succeeded, returns its standard output. */
    static String pprof(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(go(), "tool", "pprof"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path tmp = Files.createTempDirectory("gort-pprof");
        pb.environment().put("PPROF_TMPDIR", tmp.toString()); // where pprof saves fetched profiles
        pb.environment().put("HOME", tmp.toString());
        Path err = tmp.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "go tool pprof did not finish: " + cmd);
        String stdout = new String(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), () -> cmd + " failed:\n" + stderr + stdout);
        return stdout;
    }
}
