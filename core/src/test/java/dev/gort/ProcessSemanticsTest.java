package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Go.main process semantics, each program run in its own JVM:
 * exit codes, what reaches stderr, GOTRACEBACK levels, panic chains, Goexit from main, deadlock.
 */
class ProcessSemanticsTest {

    /** A1: main returns while other goroutines run: they die silently, their defers do not run, exit 0. */
    static final class MainReturns {
        public static void main(String[] args) {
            Go.main(args, () -> {
                for (int i = 0; i < 3; i++) {
                    Go.go(() -> {
                        Go.defer(() -> System.out.println("worker defer must not run"));
                        for (;;) Thread.sleep(1);
                    });
                }
                Go.go(() -> Sched.gopark(WaitReason.SELECT_NO_CASES));
                Go.defer(() -> System.out.println("main's own defer runs"));
                System.out.println("main returning");
            });
        }
    }

    @Test
    void mainReturningEndsTheProgramWithStatusZero() {
        Result r = GoProcess.run(MainReturns.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("main returning\nmain's own defer runs\n", r.stdout(), r::toString);
        assertEquals("", r.stderr(), r::toString);
    }

    /** A3: an unrecovered panic in a goroutine: its own defers run, then the report, exit 2. */
    static final class GoroutinePanics {
        static void boom() {
            Go.panic("boom");
        }

        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.defer(() -> System.out.println("main's defer must not run"));
                Go.go(() -> Sched.gopark(WaitReason.CHAN_RECEIVE));
                Thread.sleep(10);
                Go.go(() -> {
                    Go.defer(() -> System.out.println("panicking goroutine's defer runs first"));
                    boom();
                });
                Thread.sleep(5_000);
            });
        }
    }

    private static final String FRAME = "[^\\n]+\\(\\.\\.\\.\\)\\n\\t[^\\n]+:\\d+[^\\n]*\\n";

    @Test
    void goroutinePanicSingle() {
        Result r = GoProcess.run(GoroutinePanics.class, Map.of("GOMAXPROCS", "1"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("panicking goroutine's defer runs first\n", r.stdout(), r::toString);
        assertTrue(Pattern.compile("panic: boom\n\ngoroutine \\d+ \\[running\\]:\n"
                + "dev\\.gort\\.ProcessSemanticsTest\\.GoroutinePanics\\.boom\\(\\.\\.\\.\\)\n\t[^\n]+ProcessSemanticsTest\\.java:\\d+[^\n]*\n"
                + "(" + FRAME + ")+"
                + "created by dev\\.gort\\.ProcessSemanticsTest\\.GoroutinePanics\\.main\\.func\\d+ in goroutine 1\n\t[^\n]+:\\d+[^\n]*\n$")
                .matcher(r.stderr()).matches(), r::toString);
    }

    @Test
    void goroutinePanicTracebackNone() {
        Result r = GoProcess.run(GoroutinePanics.class, Map.of("GOTRACEBACK", "none"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("panic: boom\n", r.stderr(), r::toString);
    }

    @Test
    void goroutinePanicTracebackAllShowsEveryGoroutine() {
        Result r = GoProcess.run(GoroutinePanics.class, Map.of("GOTRACEBACK", "all"));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("panic: boom\n\ngoroutine "), r::toString);
        assertTrue(Pattern.compile("\n\ngoroutine 1 \\[sleep\\]:\n").matcher(r.stderr()).find()
                || Pattern.compile("\n\ngoroutine 1 \\[[^\\]]+\\]:\n").matcher(r.stderr()).find(), r::toString);
        assertTrue(r.stderr().contains("[chan receive]:\n"), r::toString);
    }

    @Test
    void goroutinePanicTracebackSystemShowsRuntimeFrames() {
        Result r = GoProcess.run(GoroutinePanics.class, Map.of("GOTRACEBACK", "system"));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("dev.gort.internal."), r::toString);
    }

    /** A4: re-panic chains and how values print. */
    static final class Repanic {
        public static void main(String[] args) {
            Go.main(args, () -> {
                switch (args[0]) {
                    case "chain" -> {
                        Go.defer(() -> Go.panic("b"));
                        Go.panic("a");
                    }
                    case "recovered" -> {
                        Go.defer(() -> Go.panic("re-" + Go.recover()));
                        Go.panic("a");
                    }
                    case "three" -> {
                        Go.defer(() -> Go.panic("c"));
                        Go.defer(() -> Go.panic("b"));
                        Go.panic("a");
                    }
                    case "recover-chain" -> {
                        Go.defer(() -> System.out.println("outer recovered: " + Go.recover()));
                        Go.defer(() -> Go.panic("b"));
                        Go.panic("a");
                    }
                    case "float" -> Go.panic(1.5);
                    case "error" -> Go.panic(new Exception("an error value"));
                    case "nil" -> Go.panic(null);
                    case "nilptr" -> {
                        Object o = null;
                        o.hashCode();
                    }
                    case "index" -> {
                        int[] a = new int[0];
                        System.out.println(a[5]);
                    }
                    case "divzero" -> {
                        int zero = args.length - 1;
                        System.out.println(1 / zero);
                    }
                    case "cast" -> {
                        Object s = "x";
                        System.out.println((Integer) s);
                    }
                    case "java" -> throw new IllegalStateException("escaped");
                    case "multiline" -> Go.panic("line1\nline2");
                    default -> throw new AssertionError(args[0]);
                }
                System.out.println("main continues");
            });
        }
    }

    private static String headline(String variant) {
        Result r = GoProcess.run(Repanic.class, Map.of("GOTRACEBACK", "none"), variant);
        assertEquals(2, r.exitCode(), r::toString);
        return r.stderr();
    }

    @Test
    void panicChainsPrintOldestFirst() {
        assertEquals("panic: a\n\tpanic: b\n", headline("chain"));
        assertEquals("panic: a [recovered]\n\tpanic: re-a\n", headline("recovered"));
        assertEquals("panic: a\n\tpanic: b\n\tpanic: c\n", headline("three"));
    }

    @Test
    void recoveringTheNewestPanicDiscardsTheChain() {
        Result r = GoProcess.run(Repanic.class, Map.of(), "recover-chain");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("outer recovered: b\n", r.stdout(), r::toString);
    }

    @Test
    void panicValuesPrintAsGoPrintsThem() {
        assertEquals("panic: +1.500000e+000\n", headline("float"));
        assertEquals("panic: an error value\n", headline("error"));
        assertEquals("panic: panic called with nil argument\n", headline("nil"));
        assertEquals("panic: runtime error: invalid memory address or nil pointer dereference\n", headline("nilptr"));
        assertEquals("panic: runtime error: index out of range [5] with length 0\n", headline("index"));
        assertEquals("panic: runtime error: integer divide by zero\n", headline("divzero"));
        assertEquals("panic: interface conversion: interface {} is string, not int\n", headline("cast"));
        assertEquals("panic: java.lang.IllegalStateException: escaped\n", headline("java"));
        assertEquals("panic: line1\nline2\n", headline("multiline"));
    }

    @Test
    void panicNilOldBehaviourUnderGodebug() {
        Result r = GoProcess.run(Repanic.class, Map.of("GOTRACEBACK", "none", "GODEBUG", "panicnil=1"), "nil");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("panic: nil\n", r.stderr(), r::toString);
    }

    /** A2: Goexit from main: the others finish, then the runtime reports it. */
    static final class GoexitMain {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> {
                    Thread.sleep(50);
                    System.out.println("worker finished");
                });
                Go.defer(() -> System.out.println("main's defer runs on Goexit"));
                GoRuntime.goexit();
            });
        }
    }

    @Test
    void goexitFromMain() {
        Result r = GoProcess.run(GoexitMain.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.millis() < 10_000, () -> "reported promptly: " + r);
        assertEquals("main's defer runs on Goexit\nworker finished\n", r.stdout(), r::toString);
        assertEquals("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n", r.stderr(), r::toString);
    }
}
