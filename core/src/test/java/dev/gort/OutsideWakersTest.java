package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

/**
 * The deadlock detector and the JVM's other sources of program code (issue 14 §1): callbacks the
 * JDK runs on its own threads, shutdown hooks and signal handlers are possible wakers, so a program
 * waiting for one is never reported; an idle pool worker wakes nobody, so a real deadlock after a
 * pool has run is reported within 5 s. Each program runs in its own JVM; the first four are Go
 * twins of programs that run to completion in Go, the last two of programs Go reports at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutsideWakersTest {

    /** Time the parent gives the detector to (wrongly) fire before it makes the wake-up happen. */
    private static final long DETECTOR_CHANCE_MS = 2_500;

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The process reaper runs onExit's callback when the child ends, 2 s later. */
    static final class ProcessExitWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<Integer> c = new Chan<>();
                new ProcessBuilder("sleep", "2").start().onExit().thenAccept(p -> c.send(0));
                c.recv();
                System.out.println("child exited");
            });
        }
    }

    @Test
    void aProcessExitCallbackIsAPossibleWaker() {
        Result r = GoProcess.run(ProcessExitWaker.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("child exited\n", r.stdout(), r::toString);
    }

    /** Graceful shutdown on SIGTERM: a shutdown hook tells main to quit and waits for it to finish. */
    static final class ShutdownHookWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<String> quit = new Chan<>(), done = new Chan<>();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    quit.send("terminated");
                    done.recv();
                    // The JVM would exit 143 after SIGTERM; a graceful shutdown exits 0 as Go's does.
                    Runtime.getRuntime().halt(0);
                }));
                System.out.println("ready");
                System.out.println("quit: " + quit.recv());
                System.out.flush();
                done.send("ok"); // main returns; its exit waits for the hook, which halts the JVM
            });
        }
    }

    @Test
    void aRegisteredShutdownHookIsAPossibleWaker() {
        Result r = GoProcess.run(ShutdownHookWaker.class, Map.of(), (p, line) -> {
            pause(DETECTOR_CHANCE_MS);
            GoProcess.kill(p, "TERM");
        });
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("ready\nquit: terminated\n", r.stdout(), r::toString);
    }

    /** A sun.misc.Signal handler sends when SIGHUP arrives. */
    static final class SignalHandlerWaker {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Chan<String> c = new Chan<>();
                Signal.handle(new Signal("HUP"), s -> c.send("SIG" + s.getName()));
                System.out.println("ready");
                System.out.println("got " + c.recv());
            });
        }
    }

    @Test
    void aProgramSignalHandlerIsAPossibleWaker() {
        Result r = GoProcess.run(SignalHandlerWaker.class, Map.of(), (p, line) -> {
            pause(DETECTOR_CHANCE_MS);
            GoProcess.kill(p, "HUP");
        });
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("ready\ngot SIGHUP\n", r.stdout(), r::toString);
    }

    /** An asynchronous accept's completion handler sends when the test connects. */
    static final class AsyncAcceptWaker {
        public static void main(String[] args) throws IOException {
            AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()
                    .bind(new InetSocketAddress("127.0.0.1", 0));
            Go.main(args, () -> {
                Chan<String> c = new Chan<>();
                server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
                    @Override
                    public void completed(AsynchronousSocketChannel client, Void unused) {
                        c.send("accepted");
                    }

                    @Override
                    public void failed(Throwable e, Void unused) {
                        c.send("failed: " + e);
                    }
                });
                System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
                System.out.println(c.recv());
            });
        }
    }

    @Test
    void anAsynchronousChannelHandlerIsAPossibleWaker() {
        Result r = GoProcess.run(AsyncAcceptWaker.class, Map.of(), (p, port) -> {
            pause(DETECTOR_CHANCE_MS);
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(port))) {
                assertTrue(s.isConnected());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().endsWith("\naccepted\n"), r::toString);
    }

    /** After a pool has run and gone idle, main blocks for ever: shape given as the argument. */
    static final class IdlePoolThenDeadlock {
        public static void main(String[] args) {
            Go.main(args, () -> {
                switch (args[0]) {
                    case "delayedExecutor" -> CompletableFuture.runAsync(() -> {},
                            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)).get();
                    case "parallelStream" -> {
                        if (IntStream.range(0, 1_000_000).parallel().map(i -> i % 7).sum() <= 0) throw new AssertionError();
                    }
                    default -> throw new IllegalArgumentException(args[0]);
                }
                System.out.println("blocking");
                new Chan<Integer>().recv();
            });
        }
    }

    /** Runs the shape and checks Go's report came within 5 s of main blocking. */
    private static void assertReportedWithin5s(String shape) {
        long[] blockedAt = new long[1];
        Result r = GoProcess.run(IdlePoolThenDeadlock.class, Map.of(), (p, line) -> blockedAt[0] = System.nanoTime(), shape);
        long millis = (System.nanoTime() - blockedAt[0]) / 1_000_000;
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("blocking\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r::toString);
        assertTrue(millis < 5_000, () -> "reported " + millis + " ms after main blocked: " + r);
    }

    @Test
    void aDeadlockAfterADelayedExecutorIsReported() {
        assertReportedWithin5s("delayedExecutor");
    }

    @Test
    void aDeadlockAfterAParallelStreamIsReported() {
        assertReportedWithin5s("parallelStream");
    }
}
