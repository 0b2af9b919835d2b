package dev.gort.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test program's main class in a fresh JVM, as a Go test would run a built binary, for
 * behaviour that ends the process (panics, fatal errors, exit codes).
 */
public final class GoProcess {
    private GoProcess() {}

    /** What the program did. */
    public record Result(int exitCode, String stdout, String stderr, long millis) {
        @Override
        public String toString() {
            return "[exit " + exitCode + " after " + millis + " ms]\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** The JVM options gort's launcher passes. */
    public static final List<String> GORT_JVM_OPTIONS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED");

    /** Runs {@code main} as bin/gort would, with environment additions {@code env} and program arguments; 60 s limit. */
    public static Result run(Class<?> main, Map<String, String> env, String... args) {
        return run(GORT_JVM_OPTIONS, main, env, args);
    }

    /** Runs {@code main} with the given JVM options instead of the launcher's. */
    public static Result run(List<String> jvmOptions, Class<?> main, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("GOTRACEBACK");
        pb.environment().remove("GODEBUG");
        pb.environment().putAll(env);
        long start = System.nanoTime();
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("program did not exit within 60 s: " + main.getName());
            }
            return new Result(p.exitValue(), out.join(), err.join(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String slurp(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
