package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** SetFinalizer on one finalizer goroutine, KeepAlive, and Pinner. */
class FinalizerTest {

    /** Collects until {@code done} holds (finalizers run shortly after the collection that finds the object). */
    static void gcUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "finalizer did not run within 20 s");
            GoRuntime.gc();
            Thread.sleep(20);
        }
    }

    /** Registers a finalizer on a fresh object that is then dropped (a separate frame, so no local keeps it). */
    static void dropWithFinalizer(Runnable finalizer) {
        GoRuntime.setFinalizer(new Object(), finalizer);
    }

    @Test
    void finalizersRunOneAtATimeOnOneSystemGoroutine() throws InterruptedException {
        Set<Long> goids = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger(), maxRunning = new AtomicInteger(), done = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            dropWithFinalizer(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                G g = Sched.currentG();
                assertTrue(g.system && !g.foreign);
                goids.add(g.goid);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                running.decrementAndGet();
                done.incrementAndGet();
            });
        }
        gcUntil(() -> done.get() == 5);
        assertEquals(1, goids.size(), "one finalizer goroutine");
        assertEquals(1, maxRunning.get(), "finalizers never overlap");
        G fing = Sched.allGoroutines().stream().filter(g -> goids.contains(g.goid)).findFirst().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fing.status != Status.WAITING && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(WaitReason.FINALIZER_WAIT, fing.waitReason, "idle finalizer goroutine waits with Go's reason");
    }

    @Test
    void settingNilClearsTheFinalizer() throws InterruptedException {
        AtomicBoolean cleared = new AtomicBoolean(), sentinel = new AtomicBoolean();
        clearAfterSetting(cleared);
        dropWithFinalizer(() -> sentinel.set(true));
        gcUntil(sentinel::get);
        GoRuntime.gc();
        assertFalse(cleared.get(), "a cleared finalizer never runs");
    }

    private static void clearAfterSetting(AtomicBoolean ran) {
        Object o = new Object();
        GoRuntime.setFinalizer(o, () -> ran.set(true));
        GoRuntime.setFinalizer(o, null);
    }

    /** An object whose finalizer sets a flag, and the data a method reads from it. */
    static final class Res {
        final int data = 42;
        final AtomicBoolean finalized = new AtomicBoolean();

        Res() {
            AtomicBoolean f = finalized;
            GoRuntime.setFinalizer(this, () -> f.set(true));
        }
    }

    /** Reads r's data (its last use), then works for up to 20 ms; true if r was finalized meanwhile. */
    static boolean useWithoutKeepAlive(Res r) {
        AtomicBoolean f = r.finalized;
        int d = r.data;
        long end = System.nanoTime() + 20_000_000;
        while (!f.get() && System.nanoTime() < end) Thread.onSpinWait();
        return f.get() && d == 42;
    }

    /** The same with KeepAlive(r) at the end (unconditionally, as it must be). */
    static boolean useWithKeepAlive(Res r) {
        AtomicBoolean f = r.finalized;
        int d = r.data;
        long end = System.nanoTime() + 20_000_000;
        while (!f.get() && System.nanoTime() < end) Thread.onSpinWait();
        boolean early = f.get() && d == 42;
        GoRuntime.keepAlive(r);
        return early;
    }

    /**
     * jdk25-facts.md §7: HotSpot's liveness maps let an object die while a method that no longer
     * uses it still runs; KeepAlive prevents it. A thread collects continuously meanwhile.
     */
    @Test
    void keepAliveHoldsTheObjectUntilTheCall() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                System.gc();
                LockSupport.parkNanos(1_000_000);
            }
        });
        try {
            int early = 0, earlyFenced = 0;
            for (int i = 0; i < 100; i++) if (useWithoutKeepAlive(new Res())) early++;
            for (int i = 0; i < 100; i++) if (useWithKeepAlive(new Res())) earlyFenced++;
            assertEquals(0, earlyFenced, "finalized before KeepAlive");
            assertTrue(early > 0, "control: without KeepAlive some objects must die early, or this test shows nothing");
        } finally {
            stop.set(true);
            collector.join();
        }
    }

    @Test
    void pinnerKeepsObjectsReachableUntilUnpin() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        Pinner p = new Pinner();
        pinFresh(p, ran);
        for (int i = 0; i < 3; i++) {
            GoRuntime.gc();
            Thread.sleep(30);
            assertFalse(ran.get(), "a pinned object was freed");
        }
        p.unpin();
        gcUntil(ran::get);
        GoRuntime.keepAlive(p);
    }

    private static void pinFresh(Pinner p, AtomicBoolean ran) {
        Object o = new Object();
        GoRuntime.setFinalizer(o, () -> ran.set(true));
        p.pin(o);
    }

    @Test
    void pinningNilPanicsWithGosError() {
        Panic e = assertThrows(Panic.class, () -> new Pinner().pin(null));
        ErrorString err = assertInstanceOf(ErrorString.class, e.value());
        assertEquals("runtime error: runtime.Pinner: argument is nil", err.error());
    }

    // ---------------------------------------------------------------- fatal cases, in their own JVM

    static final class NilObject {
        public static void main(String[] args) {
            Go.main(args, () -> GoRuntime.setFinalizer(null, () -> {}));
        }
    }

    static final class SetTwice {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Object o = new Object();
                GoRuntime.setFinalizer(o, () -> {});
                GoRuntime.setFinalizer(o, () -> {});
            });
        }
    }

    static final class FinalizerPanics {
        public static void main(String[] args) {
            Go.main(args, () -> {
                dropWithFinalizer(() -> Go.panic("finalizer boom"));
                for (;;) {
                    GoRuntime.gc();
                    Thread.sleep(20);
                }
            });
        }
    }

    static final class LeakedPinner {
        public static void main(String[] args) {
            Go.main(args, () -> {
                new Pinner().pin(new Object());
                for (;;) {
                    GoRuntime.gc();
                    Thread.sleep(20);
                }
            });
        }
    }

    @Test
    void nilObjectIsAFatalError() {
        Result r = GoProcess.run(NilObject.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: runtime.SetFinalizer: first argument is nil\n"), r::toString);
    }

    @Test
    void secondFinalizerIsAFatalError() {
        Result r = GoProcess.run(SetTwice.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: runtime.SetFinalizer: finalizer already set\n"), r::toString);
    }

    @Test
    void panickingFinalizerEndsTheProgram() {
        Result r = GoProcess.run(FinalizerPanics.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("panic: finalizer boom\n\ngoroutine "), r::toString);
    }

    @Test
    void leakedPinnerPanicsAsGoDoes() {
        Result r = GoProcess.run(LeakedPinner.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith(
                "panic: runtime error: runtime.Pinner: found leaking pinned pointer; forgot to call Unpin()?\n"), r::toString);
    }
}
