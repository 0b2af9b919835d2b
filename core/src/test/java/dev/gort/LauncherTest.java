package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Start-up: GOMAXPROCS from the environment, and the fallback without --add-opens. */
class LauncherTest {

    static final class Report {
        public static void main(String[] args) {
            Go.main(args, () -> {
                AtomicInteger n = new AtomicInteger();
                Goroutine[] gs = new Goroutine[1000];
                for (int i = 0; i < gs.length; i++) gs[i] = Go.go(n::incrementAndGet);
                for (Goroutine g : gs) g.join();
                System.out.println("gomaxprocs=" + GoRuntime.gomaxprocs(0) + " ran=" + n.get());
                try {
                    GoRuntime.lockOSThread();
                    System.out.println("locked");
                } catch (UnsupportedOperationException e) {
                    System.out.println("lockOSThread refused: " + e.getMessage());
                }
            });
        }
    }

    @Test
    void gomaxprocsComesFromTheEnvironment() {
        Result r = GoProcess.run(Report.class, Map.of("GOMAXPROCS", "3"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("gomaxprocs=3 ran=1000\nlocked\n", r.stdout(), r::toString);
        assertEquals("", r.stderr(), r::toString);
    }

    static final class Busy {
        public static void main(String[] args) {
            Go.main(args, () -> {
                for (int i = 0; i < 4; i++) Go.go(() -> dev.gort.internal.sched.Sched.gopark(dev.gort.internal.sched.WaitReason.SELECT));
                Thread.sleep(350);
            });
        }
    }

    @Test
    void schedtracePrintsGoLines() {
        Result r = GoProcess.run(Busy.class, Map.of("GOMAXPROCS", "2", "GODEBUG", "schedtrace=100"));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.size() >= 2, r::toString);
        for (String l : lines) {
            assertTrue(l.matches("SCHED \\d+ms: gomaxprocs=2 idleprocs=[0-2] threads=\\d+ spinningthreads=\\d+ idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]"), l);
        }
    }

    @Test
    void scheddetailListsProcsThreadsAndGoroutines() {
        Result r = GoProcess.run(Busy.class, Map.of("GOMAXPROCS", "2", "GODEBUG", "schedtrace=100,scheddetail=1"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains(" gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n  P0: status="), r::toString);
        assertTrue(r.stderr().contains("  P1: status="), r::toString);
        assertTrue(r.stderr().matches("(?s).*\n  M\\d+: p=-?\\d+ curg=-?\\d+ mallocing=0 .*"), r::toString);
        assertTrue(r.stderr().contains("(select) m=-1 lockedm=-1\n"), r::toString);
    }

    @Test
    void withoutAddOpensGoroutinesStillRunAndTheLossIsSaid() {
        Result r = GoProcess.run(List.of(), Report.class, Map.of("GOMAXPROCS", "1"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("gomaxprocs=1 ran=1000\nlockOSThread refused: gort: LockOSThread needs --add-opens"), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
        assertTrue(r.stderr().startsWith("gort: warning: --add-opens java.base/java.lang=ALL-UNNAMED is missing"), r::toString);
    }
}
