package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Panics and fatal errors that end the process, each in its own JVM. The expected texts are what
 * Go 1.19 printed for the same programs (go run; exit status 2 in every case).
 */
class PanicProcessTest {

    /** A panic value whose String method panics. */
    static final class Unprintable {
        @Override
        public String toString() {
            throw Go.panic("inner boom");
        }
    }

    static final class PanicValueUnprintable {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Thread.sleep(60_000));
                if (args[0].equals("main")) Go.panic(new Unprintable());
                Go.go(() -> Go.panic(new Unprintable()));
                Thread.sleep(30_000);
                System.out.println("main survived");
            });
        }
    }

    /**
     * Go: {@code fatal error: panic while printing panic value: inner boom}, a blank line, the
     * panicking goroutine [running], then every goroutine; whether the panic is in main or not.
     * The sleeper may not have started yet when main panics at once: [runnable] then, as in Go.
     */
    @Test
    void panicWhilePrintingPanicValueIsFatal() {
        for (String where : new String[] {"main", "goroutine"}) {
            Result r = GoProcess.run(PanicValueUnprintable.class, Map.of(), where);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals("", r.stdout(), r::toString);
            assertTrue(Pattern.compile("fatal error: panic while printing panic value: inner boom\n\ngoroutine \\d+ \\[running\\]:\n.*"
                    + "\n\ngoroutine \\d+ \\[(sleep|runnable)\\]:\n.*", Pattern.DOTALL).matcher(r.stderr()).matches(), r::toString);
        }
    }

    static final class GoOfNil {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.defer(() -> System.out.println("recovered? " + Go.recover()));
                Go.go(null);
            });
        }
    }

    /** Go: {@code fatal error: go of nil func value}, goroutine 1 [running] at main; no deferred call runs. */
    @Test
    void goOfNilFuncIsFatal() {
        Result r = GoProcess.run(GoOfNil.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: go of nil func value\n\ngoroutine 1 [running]:\n"
                + "dev.gort.PanicProcessTest.GoOfNil.main.func"), r::toString);
    }

    static final class StackOverflow {
        static int f(int n) {
            return f(n + 1) + 1;
        }

        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.defer(() -> System.out.println("deferred must not run"));
                f(0);
            });
        }
    }

    /**
     * Go: {@code runtime: goroutine stack exceeds 1000000000-byte limit}, {@code runtime: sp=...
     * stack=[...]}, {@code fatal error: stack overflow}, then the goroutine; no deferred call runs.
     * gort names the JVM's thread stack size and has no stack addresses to print.
     */
    @Test
    void stackOverflowIsFatalAndRunsNoDeferredCall() {
        Result r = GoProcess.run(StackOverflow.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertTrue(Pattern.compile("runtime: goroutine stack exceeds \\d+-byte limit\nfatal error: stack overflow\n\n"
                + "goroutine 1 \\[running\\]:\ndev\\.gort\\.PanicProcessTest\\.StackOverflow\\.f\\(\\.\\.\\.\\)\n.*", Pattern.DOTALL)
                .matcher(r.stderr()).matches(), r::toString);
    }

    static final class DeferNil {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.defer(null);
                System.out.println("after defer");
            });
        }
    }

    /** Go: "after defer", then {@code panic: runtime error: invalid memory address or nil pointer dereference}. */
    @Test
    void deferOfNilPanicsWhenItRuns() {
        Result r = GoProcess.run(DeferNil.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("after defer\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("panic: runtime error: invalid memory address or nil pointer dereference\n\n"
                + "goroutine 1 [running]:\n"), r::toString);
    }

    static final class NestedMain {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.main(args, () -> System.out.println("inner main must not run"));
                System.out.println("not reached");
            });
        }
    }

    /** Go has one main; a second Go.main is a panic of the first (it would end the process when it returned). */
    @Test
    void goMainInsideGoMainPanics() {
        Result r = GoProcess.run(NestedMain.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("panic: java.lang.IllegalStateException: Go.main called while Go.main runs: "
                + "a program has one main goroutine\n\ngoroutine 1 [running]:\n"), r::toString);
        assertFalse(r.stderr().contains("deadlock"), r::toString);
    }
}
