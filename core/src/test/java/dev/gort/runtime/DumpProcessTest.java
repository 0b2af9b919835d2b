package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Dumps that need their own process: GODEBUG=tracebackancestors (read at start), SIGUSR1, and
 * GOTRACEBACK=crash (which aborts the JVM).
 */
class DumpProcessTest {
    private static final String T = "dev.gort.runtime.DumpProcessTest";

    /** main → a → b; b parks and main prints every stack. */
    static final class Ancestors {
        static void spawnB(CountDownLatch parked) {
            Go.go(() -> {
                parked.countDown();
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            });
        }

        public static void main(String[] args) {
            Go.main(args, () -> {
                CountDownLatch parked = new CountDownLatch(1);
                Go.go(() -> {
                    spawnB(parked);
                    Sched.gopark(WaitReason.SELECT);
                });
                parked.await();
                Thread.sleep(100);
                System.out.print(GoRuntime.stack(true));
            });
        }
    }

    @Test
    void tracebackAncestorsPrintsCreationStacks() {
        Result r = GoProcess.run(Ancestors.class, Map.of("GODEBUG", "tracebackancestors=5"));
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout().replaceAll(":\\d+\n", ":N\n");
        String f = "\tdev/gort/runtime/DumpProcessTest.java:N\n";
        // goroutine b: its own frames, created by spawnB in a; then a's stack when it ran the go
        // statement (created by main's closure), then main's when it created a (goroutine 1: no created-by).
        String b = T + ".Ancestors.spawnB.func1(...)\n" + f
                + "created by " + T + ".Ancestors.spawnB in goroutine 2\n" + f
                + "[originating from goroutine 2]:\n"
                + T + ".Ancestors.spawnB(...)\n" + f
                + T + ".Ancestors.main.func1.1(...)\n" + f
                + "created by " + T + ".Ancestors.main.func1\n" + f
                + "[originating from goroutine 1]:\n"
                + T + ".Ancestors.main.func1(...)\n" + f;
        assertTrue(out.contains("]:\n" + b), r::toString);
    }

    /** A program that sends itself SIGUSR1, as an operator would with kill -USR1, then asks the MBean. */
    static final class Usr1 {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Sched.gopark(WaitReason.CHAN_RECEIVE));
                Thread.sleep(100);
                new ProcessBuilder("kill", "-USR1", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                Thread.sleep(1_000);
                System.out.println("still running");
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName("dev.gort:type=Goroutines");
                for (int i = 0; i < 1_000 && !server.isRegistered(name); i++) Thread.sleep(10);
                System.out.println("NumGoroutine " + server.getAttribute(name, "NumGoroutine"));
                System.out.print(server.invoke(name, "dump", null, null));
            });
        }
    }

    @Test
    void sigusr1AndTheMBeanDumpEveryGoroutineAndTheProgramGoesOn() {
        Result r = GoProcess.run(Usr1.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("still running\nNumGoroutine 2\nSIGUSR1: goroutine dump\n\ngoroutine 1 ["), r::toString);
        assertTrue(r.stdout().contains("\n\ngoroutine 2 [chan receive]:\n"), r::toString);
        String err = r.stderr().replaceAll(":\\d+\n", ":N\n");
        // Goroutine 1 is usually in Thread.sleep ([sleep]) when the signal is handled, but on a busy
        // machine it may still be finishing waitFor (kill's exit races the JVM's signal thread).
        assertTrue(err.startsWith("SIGUSR1: goroutine dump\n\ngoroutine 1 ["), r::toString);
        assertTrue(err.contains("\n" + T + ".Usr1.main.func1(...)\n"), r::toString);
        assertTrue(err.contains("\n\ngoroutine 2 [chan receive]:\n" + T + ".Usr1.main.func1.1(...)\n"
                + "\tdev/gort/runtime/DumpProcessTest.java:N\ncreated by " + T + ".Usr1.main.func1 in goroutine 1\n"), r::toString);
    }

    static final class CrashPanics {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Sched.gopark(WaitReason.CHAN_SEND));
                Thread.sleep(50);
                Go.panic("boom");
            });
        }
    }

    /** GOTRACEBACK=crash: the system-level report of every goroutine, then SIGABRT (status 128 + 6). */
    @Test
    void gotracebackCrashDumpsThenAborts() {
        Result r = GoProcess.run(CrashPanics.class, Map.of("GOTRACEBACK", "crash"));
        assertEquals(134, r.exitCode(), r::toString);
        String err = r.stderr();
        assertTrue(err.startsWith("panic: boom\n\ngoroutine 1 [running]:\npanic(...)\n"), r::toString);
        assertTrue(err.contains("\n\ngoroutine 2 [chan send]:\n"), r::toString);
        assertTrue(err.contains("dev.gort.internal.sched.Sched.gopark(...)\n"), r::toString);
    }
}
