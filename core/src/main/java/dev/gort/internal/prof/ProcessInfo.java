package dev.gort.internal.prof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What profiles say about the process: the wall clock in Go's nanoseconds, and the command line (Go's os.Args). */
public final class ProcessInfo {
    private ProcessInfo() {}

    /** Nanoseconds since the epoch, Go's {@code time.Now().UnixNano()}. */
    public static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Go's {@code os.Args}: the program and its arguments. The JVM's launcher command line as the
     * operating system reports it; where it does not, the java binary and the main class or jar
     * with the program's arguments ({@code sun.java.command}).
     */
    public static List<String> args() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> args = new ArrayList<>();
        if (info.command().isPresent() && info.arguments().isPresent()) {
            args.add(info.command().get());
            args.addAll(List.of(info.arguments().get()));
            return args;
        }
        args.add(System.getProperty("java.home") + "/bin/java");
        String command = System.getProperty("sun.java.command", "");
        if (!command.isEmpty()) args.addAll(List.of(command.split(" ")));
        return args;
    }

    /** The mapping's file name: the main class or jar the JVM was started with, else {@code java}. */
    static String programName() {
        String command = System.getProperty("sun.java.command", "");
        int sp = command.indexOf(' ');
        String main = sp < 0 ? command : command.substring(0, sp);
        return main.isEmpty() ? "java" : main;
    }
}
