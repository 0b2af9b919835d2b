package dev.gort.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.sync.WaitGroup;
import dev.gort.time.Time;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension as JUnit runs it: each case class below is executed through the JUnit Platform
 * (EngineTestKit) and the reported outcome and message are checked. The case classes are nested
 * and static, so the build's own test run does not pick them up by themselves.
 */
class GortExtensionTest {

    private static Events run(Class<?> cases) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(cases)).execute().testEvents();
    }

    /** The single test of {@code cases} failed; its failure's message. */
    private static String failureMessage(Class<?> cases) {
        Events events = run(cases);
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), () -> "expected one failed test, got " + events.list());
        TestExecutionResult result = failed.get(0).getRequiredPayload(TestExecutionResult.class);
        return result.getThrowable().orElseThrow().getMessage();
    }

    static void boom() {
        Go.panic("boom");
    }

    @ExtendWith(GortExtension.class)
    static final class PanicWhileTestWaits {
        @Test
        void test() {
            Chan<Integer> result = new Chan<>();
            Go.go(() -> {
                boom();
                result.send(1);
            });
            result.recv(); // never comes: the panic must fail the test, not the deadlock check or a hang
        }
    }

    @Test
    void aGoroutinePanicFailsTheTestWithGosReport() {
        String message = failureMessage(PanicWhileTestWaits.class);
        assertTrue(message.startsWith("panic: boom\n\ngoroutine "), message);
        assertTrue(message.contains("dev.gort.junit.GortExtensionTest.boom(...)\n"), message);
        assertTrue(message.contains("created by dev.gort.junit.GortExtensionTest.PanicWhileTestWaits.test"), message);
    }

    @ExtendWith(GortExtension.class)
    static final class PanicAfterTestReturned {
        @Test
        void test() throws Exception {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                Go.defer(wg::done);
                Go.panic("late boom");
            });
            wg.await();
        }
    }

    @Test
    void aPanicInAGoroutineOfATestThatReturnsStillFailsIt() {
        String message = failureMessage(PanicAfterTestReturned.class);
        assertTrue(message.startsWith("panic: late boom\n\ngoroutine "), message);
    }

    @ExtendWith(GortExtension.class)
    static final class Leaks {
        @Test
        void test() {
            Chan<Integer> never = new Chan<>();
            Go.go(() -> never.recv());
        }
    }

    @Test
    void aLeakedGoroutineFailsTheTestWithItsDump() {
        String message = failureMessage(Leaks.class);
        assertTrue(message.matches("(?s)found unexpected goroutines:\n\ngoroutine \\d+ \\[chan receive\\]:\n.*"), message);
        assertTrue(message.contains("created by dev.gort.junit.GortExtensionTest.Leaks.test"), message);
    }

    static final class AllowedLeak {
        @RegisterExtension
        static final GortExtension GORT = new GortExtension().ignoreAnyFunction("dev.gort.junit.GortExtensionTest.AllowedLeak.serve");

        static void serve(Chan<Integer> requests) {
            for (int r : requests) System.out.println(r);
        }

        @Test
        void test() {
            Chan<Integer> requests = new Chan<>();
            Go.go(() -> serve(requests));
        }
    }

    @Test
    void anAllowListedGoroutineIsNoLeak() {
        Events events = run(AllowedLeak.class);
        assertEquals(1, events.succeeded().count(), () -> events.list().toString());
    }

    @ExtendWith(GortExtension.class)
    static final class FinishesCleanly {
        @Test
        void test() throws Exception {
            Chan<Integer> squares = new Chan<>(10);
            WaitGroup wg = new WaitGroup();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                wg.add(1);
                Go.go(() -> {
                    Go.defer(wg::done);
                    Time.sleep(Duration.ofMillis(20));
                    squares.send(n * n);
                });
            }
            Go.defer(() -> System.out.println("a test body defers as a Go test function does"));
            wg.await();
            squares.close();
            int sum = 0;
            for (int sq : squares) sum += sq;
            assertEquals(14, sum);
        }
    }

    @Test
    void aTestWhoseGoroutinesEndPasses() {
        Events events = run(FinishesCleanly.class);
        assertEquals(1, events.succeeded().count(), () -> events.list().toString());
    }

    @ExtendWith(GortExtension.class)
    static final class Deadlocks {
        @Test
        void test() {
            Chan<Integer> a = new Chan<>(), b = new Chan<>();
            Go.go(() -> a.send(b.recv()));
            b.send(a.recv());
        }
    }

    @Test
    void aDeadlockedTestFailsWithinSecondsWithGosReport() {
        long start = System.nanoTime();
        String message = failureMessage(Deadlocks.class);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(message.startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine "), message);
        assertTrue(message.contains("[chan receive]:\n"), message);
        assertTrue(seconds < 20, "took " + seconds + " s");
    }

    @ExtendWith(GortExtension.class)
    static final class WaitsOnATimer {
        @Test
        void test() {
            Chan<Integer> c = new Chan<>();
            Time.afterFunc(Duration.ofMillis(1_500), () -> c.send(1));
            assertEquals(1, c.recv());
        }
    }

    @Test
    void aPendingTimerIsNoDeadlock() {
        Events events = run(WaitsOnATimer.class);
        assertEquals(1, events.succeeded().count(), () -> events.list().toString());
    }

    @ExtendWith(GortExtension.class)
    static final class WokenByAThreadOfItsOwn {
        @Test
        void test() {
            Chan<Integer> c = new Chan<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    return;
                }
                c.send(7);
            });
            t.start();
            assertEquals(7, c.recv());
        }
    }

    @Test
    void aThreadTheTestStartedCanWakeItsGoroutines() {
        Events events = run(WokenByAThreadOfItsOwn.class);
        assertEquals(1, events.succeeded().count(), () -> events.list().toString());
    }
}
