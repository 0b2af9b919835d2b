package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.SchedProbe;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.Goroutines;
import dev.gort.testing.Goroutines.Started;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Go hands a P blocked in a syscall to another thread. On JDK 25 a read from a FIFO pins the
 * carrier in native code; sysmon must notice and let the other goroutines run, even at GOMAXPROCS=1.
 */
class SyscallHandoffTest {

    @Test
    void aCarrierBlockedInNativeCodeDoesNotStopTheOthers() throws Exception {
        Path dir = Files.createTempDirectory("gort-fifo");
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        int old = GoRuntime.gomaxprocs(1);
        try {
            AtomicInteger read = new AtomicInteger(-1);
            Started started = Goroutines.start(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) { // blocks in open(2) until a writer comes
                    read.set(in.read());
                }
            });
            Goroutine reader = started.handle();
            // The reader is stuck in native code on the only P's carrier.
            Goroutines.awaitTrue(() -> SchedProbe.inNativeCode(started.g()), "the reader blocked in open(2)");
            AtomicInteger others = new AtomicInteger();
            Goroutine[] gs = new Goroutine[100];
            for (int i = 0; i < gs.length; i++) gs[i] = Go.go(others::incrementAndGet);
            for (Goroutine g : gs) assertTrue(g.join(Duration.ofSeconds(10)), "goroutines ran while a carrier was blocked");
            assertEquals(100, others.get());
            assertTrue(reader.isAlive(), "the reader is still blocked");
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(42);
            }
            assertTrue(reader.join(Duration.ofSeconds(10)));
            assertEquals(42, read.get());
        } finally {
            GoRuntime.gomaxprocs(old);
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A virtual thread that user code starts inside a goroutine runs on a carrier as anonymous
     * work, with no thread gort knows. Sysmon, looking whether a carrier that has run it for two
     * ticks is stuck in native code, took the stack of that missing thread and died of the
     * NullPointerException (no more hand-offs, time slices or deadlock checks).
     */
    @Test
    void aLongRunOfAVirtualThreadStartedInsideAGoroutineLeavesSysmonRunning() throws Exception {
        assertTrue(Go.go(() -> {}).join(Duration.ofSeconds(10))); // the scheduler, and its sysmon, are up
        Thread sysmon = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gort-sysmon")).findFirst().orElseThrow();
        Goroutine g = Go.go(() -> {
            Thread vt = Thread.ofVirtual().start(() -> {
                long until = System.nanoTime() + Duration.ofMillis(100).toNanos(); // ten sysmon ticks on one carrier
                while (System.nanoTime() < until) Thread.onSpinWait();
            });
            try {
                vt.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertTrue(sysmon.isAlive(), "sysmon died");
    }

    /**
     * The helper's P is retired when the blocked M comes back, but the helper's M may by then have
     * dropped that P and be running a regular one: retiring must not take that one away (it did:
     * a P vanished, GOMAXPROCS 2 ran one goroutine at a time and the deadlock detector went blind).
     */
    @Test
    void retiringTheHelperKeepsTheRegularProcessors() throws Exception {
        Path dir = Files.createTempDirectory("gort-fifo");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        int old = GoRuntime.gomaxprocs(2);
        try {
            Started started = Goroutines.start(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    in.read();
                }
            });
            Goroutine reader = started.handle();
            Goroutines.awaitTrue(() -> SchedProbe.inNativeCode(started.g()), "the reader blocked in open(2)");
            // sysmon gives a helper P to an idle M, which finds nothing and parks.
            Goroutines.awaitTrue(SchedProbe::syscallHelperGiven, "sysmon's helper P for the blocked carrier");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean spinning = new AtomicBoolean();
            Goroutine busy = Go.go(() -> {
                spinning.set(true);
                while (!stop.get()) Thread.onSpinWait(); // holds the other regular P on the helper's old M
            });
            Goroutines.awaitTrue(spinning::get, "the busy goroutine running");
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(1); // the reader returns and its M retires the helper
            }
            assertTrue(reader.join(Duration.ofSeconds(10)));
            Goroutines.awaitTrue(() -> !SchedProbe.syscallHelperGiven(), "the reader's carrier retired the helper");
            stop.set(true);
            assertTrue(busy.join(Duration.ofSeconds(10)));
            assertTrue(bothRunAtOnce(), "two goroutines run at once at GOMAXPROCS 2");
        } finally {
            GoRuntime.gomaxprocs(old);
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }

    /** Two goroutines that each spin until both are running (they cannot yield to each other). */
    private static boolean bothRunAtOnce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger met = new AtomicInteger();
        Goroutine[] gs = new Goroutine[2];
        for (int i = 0; i < 2; i++) {
            gs[i] = Go.go(() -> {
                running.incrementAndGet();
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (running.get() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
                if (running.get() == 2) met.incrementAndGet();
            });
        }
        for (Goroutine g : gs) g.join(Duration.ofSeconds(10));
        return met.get() == 2;
    }
}
