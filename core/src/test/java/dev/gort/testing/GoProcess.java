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
import java.util.function.BiConsumer;

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
        return run(jvmOptions, main, env, null, args);
    }

    /**
     * Runs {@code main} as {@link #run(Class, Map, String...)} does, and calls {@code onFirstLine}
     * with the running process and its first line of standard output (without the newline) as soon
     * as the program has printed it: to signal it, or connect to it, once it is ready. The line is
     * also part of the result's stdout.
     */
    public static Result run(Class<?> main, Map<String, String> env, BiConsumer<Process, String> onFirstLine, String... args) {
        return run(GORT_JVM_OPTIONS, main, env, onFirstLine, args);
    }

    /** Sends signal {@code name} (TERM, HUP, ...) to {@code p} with kill(1). */
    public static void kill(Process p, String name) {
        try {
            int status = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
            if (status != 0) throw new AssertionError("kill -" + name + " " + p.pid() + " exited " + status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Result run(List<String> jvmOptions, Class<?> main, Map<String, String> env,
            BiConsumer<Process, String> onFirstLine, String... args) {
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
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            InputStream stdout = p.getInputStream();
            String first = "";
            if (onFirstLine != null) {
                first = firstLine(stdout, p);
                onFirstLine.accept(p, first.stripTrailing());
            }
            String head = first;
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> head + slurp(stdout));
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

    /** The first line of {@code in}, newline included; bounded by the 60 s limit (the process is killed after it). */
    private static String firstLine(InputStream in, Process p) throws IOException {
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(p::destroyForcibly,
                CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS));
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0; ) {
                b.write(c);
                if (c == '\n') break;
            }
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            deadline.cancel(false);
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
