package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import dev.gort.time.Time;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Channel programs as whole processes (Go.main): the deadlock report with channel wait reasons,
 * an unrecovered channel panic, and timers and finalizers that are (or are not) a reason to wait. Each runs in its own JVM.
 */
class ChanProcessTest {

    /** Go's classic: main receives, the only other goroutine waits to send on another channel. */
    static final class ChannelDeadlock {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<Integer> a = new Chan<>(), b = new Chan<>();
                Go.go(() -> b.send(1));
                a.recv();
            });
        }
    }

    @Test
    void blockedChannelsAreADeadlock() {
        Result r = GoProcess.run(ChannelDeadlock.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r::toString);
        assertTrue(r.stderr().contains(" [chan send]:\n"), r::toString);
        assertTrue(r.stderr().contains("dev.gort.ChanProcessTest.ChannelDeadlock.main.func1"), r::toString);
    }

    static final class SelectNoCases {
        public static void main(String[] args) {
            Go.main(args, () -> new Select().run());
        }
    }

    @Test
    void anEmptySelectIsADeadlock() {
        Result r = GoProcess.run(SelectNoCases.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [select (no cases)]:\n"), r::toString);
    }

    static final class SendOnClosed {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<Integer> c = new Chan<>(1);
                c.close();
                c.send(1);
            });
        }
    }

    @Test
    void sendOnAClosedChannelIsAFatalPanic() {
        Result r = GoProcess.run(SendOnClosed.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("panic: send on closed channel\n\ngoroutine 1 [running]:\n"), r::toString);
    }

    /** A goroutine waits on a timer channel, then wakes main: a pending timer is no deadlock. */
    static final class TimerWakes {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<String> done = new Chan<>();
                Go.go(() -> {
                    Time.after(Duration.ofMillis(300)).recv();
                    done.send("timer fired");
                });
                System.out.println(done.recv());
            });
        }
    }

    @Test
    void aPendingTimerIsNoDeadlock() {
        Result r = GoProcess.run(TimerWakes.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("timer fired\n", r.stdout(), r::toString);
    }

    /** A finalizer, once its object is collected, sends to main: no deadlock while it can still run. */
    static final class FinalizerWakes {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<String> done = new Chan<>(1);
                GoRuntime.setFinalizer(new Object(), () -> done.send("finalized"));
                Go.go(GoRuntime::gc);
                System.out.println(done.recv());
            });
        }
    }

    @Test
    void aFinalizerThatWillSendIsNoDeadlock() {
        Result r = GoProcess.run(FinalizerWakes.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("finalized\n", r.stdout(), r::toString);
    }

    /** Finalizers registered, but nothing will ever wake main: Go reports the deadlock. */
    static final class FinalizerIdle {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Object kept = new Object();
                GoRuntime.setFinalizer(kept, () -> { });
                new Chan<Integer>().recv();
                GoRuntime.keepAlive(kept);
            });
        }
    }

    @Test
    void anIdleFinalizerGoroutineDoesNotHideADeadlock() {
        Result r = GoProcess.run(FinalizerIdle.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r::toString);
    }
}
