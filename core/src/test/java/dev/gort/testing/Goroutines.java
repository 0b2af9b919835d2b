package dev.gort.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.ThrowingRunnable;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;
import dev.gort.internal.sched.WaitReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Test helpers: start a goroutine and see its G, wait until it parks for a given reason. */
public final class Goroutines {
    private Goroutines() {}

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A started goroutine and its G record. */
    public record Started(Goroutine handle, G g) {
        public void join() throws InterruptedException {
            assertTrue(handle.join(TIMEOUT), handle + " did not end");
        }
    }

    public static Started start(ThrowingRunnable body) {
        CompletableFuture<G> self = new CompletableFuture<>();
        Goroutine h = Go.go(() -> {
            self.complete(Sched.currentG());
            body.run();
        });
        return new Started(h, self.join());
    }

    /** Waits until g is parked in gopark with {@code reason}. */
    public static void awaitParked(G g, WaitReason reason) {
        awaitTrue(() -> g.status == Status.WAITING && g.waitReason == reason, g + " parked with [" + reason + "]");
    }

    public static void awaitTrue(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
