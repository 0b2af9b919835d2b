package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Go.main's deadlock detector: a real deadlock is reported
 * promptly, and none of the tempting false positives fires: whatever can still wake a goroutine
 * from outside gort keeps the program alive. Each program runs in its own JVM.
 */
class DeadlockTest {

    /** Every goroutine blocked, nothing can wake them. */
    static final class Deadlock {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Sched.gopark(WaitReason.CHAN_SEND));
                System.out.println("waiting");
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            });
        }
    }

    @Test
    void deadlockIsReported() {
        Result r = GoProcess.run(Deadlock.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.millis() < 10_000, () -> "reported promptly: " + r);
        assertEquals("waiting\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine "), r::toString);
        assertTrue(r.stderr().contains("goroutine 1 [chan receive]:\n"), r::toString);
        assertTrue(r.stderr().contains(" [chan send]:\n"), r::toString);
        assertFalse(r.stderr().contains("dev.gort.internal"), r::toString);
    }

    /** Wakes {@code g} after {@code millis}, from whatever thread runs it. */
    private static Runnable wakeLater(G g, long millis) {
        return () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            Sched.goready(g);
        };
    }

    /** A plain platform thread will wake main later. */
    static final class PlatformWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                new Thread(wakeLater(Sched.currentG(), 500)).start();
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                System.out.println("woken by a platform thread");
            });
        }
    }

    @Test
    void aPlatformThreadThatWillWakeMainIsNoDeadlock() {
        Result r = GoProcess.run(PlatformWaker.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("woken by a platform thread\n", r.stdout(), r::toString);
    }

    /** A virtual thread outside gort (no thread group lists it) will wake main later. */
    static final class VirtualWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Thread.ofVirtual().start(wakeLater(Sched.currentG(), 500));
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                System.out.println("woken by a virtual thread");
            });
        }
    }

    /**
     * Runs {@code main} with the JDK listing each plainly started virtual thread in thread dumps
     * ({@code listed}: its default) or only counting them ({@code -Djdk.trackAllThreads=false}, a
     * program's choice): the deadlock probe must tell the same in both.
     */
    private static Result run(Class<?> main, boolean listed) {
        List<String> options = new ArrayList<>(GoProcess.GORT_JVM_OPTIONS);
        if (!listed) options.add("-Djdk.trackAllThreads=false");
        return GoProcess.run(options, main, Map.of());
    }

    @Test
    void aPlainVirtualThreadThatWillWakeMainIsNoDeadlock() {
        for (boolean listed : new boolean[] {false, true}) {
            Result r = run(VirtualWaker.class, listed);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("woken by a virtual thread\n", r.stdout(), r::toString);
        }
    }

    /** A virtual thread of an executor (a structured container, listed in every dump) will wake main later. */
    static final class ExecutorWaker {
        public static void main(String[] args) {
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Go.main(args, () -> {
                pool.submit(wakeLater(Sched.currentG(), 500));
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                System.out.println("woken by an executor's virtual thread");
            });
        }
    }

    @Test
    void anExecutorsVirtualThreadThatWillWakeMainIsNoDeadlock() {
        Result r = run(ExecutorWaker.class, false);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("woken by an executor's virtual thread\n", r.stdout(), r::toString);
    }

    /** Prints the program's setting of the JDK's thread tracking, as gort leaves it. */
    static final class Tracking {
        public static void main(String[] args) {
            Go.main(args, () -> System.out.println(System.getProperty("jdk.trackAllThreads")));
        }
    }

    /**
     * gort leaves the host's thread dumps alone: not tracking would save a goroutine's spawn about
     * 20 ns (a shared-set insert and removal), but the host's own virtual threads would vanish from
     * {@code jcmd Thread.dump_to_file}.
     */
    @Test
    void gortLeavesTheJdksThreadTrackingAsTheProgramSetIt() {
        Result r = GoProcess.run(Tracking.class, Map.of());
        assertEquals("null\n", r.stdout(), r::toString);
    }

    /** A plain virtual thread itself asleep in gort cannot wake anyone: that is a deadlock. */
    static final class VirtualSleeper {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Thread.ofVirtual().start(() -> Sched.gopark(WaitReason.CHAN_SEND));
                Sched.gopark(WaitReason.CHAN_RECEIVE);
            });
        }
    }

    @Test
    void aPlainVirtualThreadAsleepInGortDoesNotHideADeadlock() {
        for (boolean listed : new boolean[] {false, true}) {
            Result r = run(VirtualSleeper.class, listed);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n"), r::toString);
        }
    }

    /** A goroutine blocked in a socket accept (JDK I/O, not gort) will wake main when it times out. */
    static final class SocketWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                G main = Sched.currentG();
                Go.go(() -> {
                    try (ServerSocket server = new ServerSocket(0)) {
                        server.setSoTimeout(700);
                        server.accept();
                    } catch (SocketTimeoutException expected) {
                        System.out.println("accept timed out");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Sched.goready(main);
                });
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                System.out.println("woken after the socket");
            });
        }
    }

    @Test
    void aGoroutineBlockedOnASocketIsNoDeadlock() {
        Result r = GoProcess.run(SocketWaker.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("accept timed out\nwoken after the socket\n", r.stdout(), r::toString);
    }

    /** A goroutine blocked on a plain Java lock held by a platform thread for a while. */
    static final class LockWaker {
        public static void main(String[] args) throws Exception {
            Object lock = new Object();
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            Go.main(args, () -> {
                G main = Sched.currentG();
                Thread holder = new Thread(() -> {
                    synchronized (lock) {
                        held.countDown();
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                holder.setDaemon(true);
                holder.start();
                held.await();
                Go.go(() -> {
                    synchronized (lock) {
                        Sched.goready(main);
                    }
                });
                Sched.gopark(WaitReason.CHAN_RECEIVE);
                System.out.println("woken after the lock");
            });
        }
    }

    @Test
    void aGoroutineBlockedOnAJavaMonitorIsNoDeadlock() {
        Result r = GoProcess.run(LockWaker.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("woken after the lock\n", r.stdout(), r::toString);
    }
}
