package dev.gort.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Go, the reference reader of what gort writes (profiles, traces). Without {@code go} on the
 * PATH the interop tests are skipped on a developer's machine but fail under {@code CI=true}
 * ({@code .ci/run} installs Debian's golang-go).
 */
public final class GoCommand {
    private GoCommand() {}

    /**
     * The go command, or a skipped (failed under CI) test.
     *
     * @param needs what the calling tests need Go for, for the message
     * @return the path of the go binary
     */
    public static String go(String needs) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "go");
            if (Files.isExecutable(p)) return p.toString();
        }
        if ("true".equals(System.getenv("CI"))) fail("CI=true but Go is not installed: " + needs + " (.ci/run installs golang-go)");
        Assumptions.abort("go is not installed: skipping the tests that need " + needs);
        return null;
    }
}
