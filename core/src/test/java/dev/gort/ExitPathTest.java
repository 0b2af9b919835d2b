package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.UnrecoveredPanic;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How gort ends a process: through {@code System.exit} so shutdown hooks run (with a bounded wait),
 * the same status as before; and, outside {@code Go.main}, never without asking the host's panic
 * handler.
 */
class ExitPathTest {

    private static void hook(String line) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(line)));
    }

    /** Go.main, a goroutine panics: Go's report and status 2, and the program's shutdown hook runs. */
    static final class MainPanics {
        public static void main(String[] args) {
            hook("shutdown hook ran");
            Go.main(args, () -> {
                Go.go(() -> Go.panic("boom"));
                Thread.sleep(30_000);
            });
        }
    }

    @Test
    void shutdownHookRunsAfterAnUnrecoveredPanicUnderGoMainAndTheStatusIsStill2() {
        Result r = GoProcess.run(MainPanics.class, Map.of("GOTRACEBACK", "none"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("panic: boom\n", r.stderr(), r::toString);
        assertEquals("shutdown hook ran\n", r.stdout(), r::toString);
    }

    /** Go.main's body returns: status 0, hooks run. */
    static final class MainReturns {
        public static void main(String[] args) {
            hook("shutdown hook ran");
            Go.main(args, () -> System.out.println("main returns"));
        }
    }

    @Test
    void shutdownHookRunsWhenMainReturns() {
        Result r = GoProcess.run(MainReturns.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("main returns\nshutdown hook ran\n", r.stdout(), r::toString);
    }

    /** A hook that never ends does not keep a crashed program alive: halted after the grace period, status 2. */
    static final class HookHangs {
        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("hook started");
                System.out.flush();
                for (;;) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException ignored) {
                        // keep hanging
                    }
                }
            }));
            Go.main(args, () -> Go.panic("boom"));
        }
    }

    @Test
    void aHangingHookIsCutOffAndTheStatusIsKept() {
        Result r = GoProcess.run(HookHangs.class, Map.of("GOTRACEBACK", "none"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("hook started\n", r.stdout(), r::toString);
        assertTrue(r.millis() < 40_000, r::toString);
    }

    /** Library mode (no Go.main), no handler: the report, then exit 2 through System.exit (hooks run). */
    static final class LibraryDefault {
        public static void main(String[] args) throws Exception {
            hook("shutdown hook ran");
            Go.go(() -> Go.panic("boom"));
            Thread.sleep(30_000);
            System.out.println("must not get here");
        }
    }

    @Test
    void libraryModeWithoutAHandlerExits2WithHooks() {
        Result r = GoProcess.run(LibraryDefault.class, Map.of("GOTRACEBACK", "none"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("panic: boom\n", r.stderr(), r::toString);
        assertEquals("shutdown hook ran\n", r.stdout(), r::toString);
    }

    /** Library mode with a handler: the host decides; the JVM and its other goroutines live on. */
    static final class LibraryHandled {
        static void boom() {
            Go.panic("boom");
        }

        public static void main(String[] args) throws Exception {
            CompletableFuture<UnrecoveredPanic> got = new CompletableFuture<>();
            GoRuntime.setPanicHandler(got::complete);
            Chan<String> c = new Chan<>();
            Go.go(() -> c.send("still running"));
            Goroutine g = Go.go(LibraryHandled::boom);
            UnrecoveredPanic p = got.get(30, TimeUnit.SECONDS);
            System.out.println("handled: goroutine=" + (p.goroutine() == g.id()) + " value=" + p.value());
            System.out.println("report starts: " + p.report().lines().findFirst().orElseThrow());
            System.out.println(c.recv());
        }
    }

    @Test
    void libraryModeHandlerGetsTheReportAndTheHostLivesOn() {
        Result r = GoProcess.run(LibraryHandled.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("handled: goroutine=true value=boom\nreport starts: panic: boom\nstill running\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("panic: boom\n\ngoroutine "), r::toString);
        assertTrue(r.stderr().contains("dev.gort.ExitPathTest.LibraryHandled.boom(...)"), r::toString);
    }

    /** Under Go.main a handler is not consulted: Go's process semantics hold. */
    static final class MainIgnoresHandler {
        public static void main(String[] args) {
            GoRuntime.setPanicHandler(p -> System.out.println("handler must not run"));
            Go.main(args, () -> Go.panic("boom"));
        }
    }

    @Test
    void goMainIgnoresThePanicHandler() {
        Result r = GoProcess.run(MainIgnoresHandler.class, Map.of("GOTRACEBACK", "none"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertEquals("panic: boom\n", r.stderr(), r::toString);
    }
}
