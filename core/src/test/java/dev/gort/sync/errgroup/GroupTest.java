package dev.gort.sync.errgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.context.Context;
import dev.gort.testing.GoProcess;
import dev.gort.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** errgroup: the first error wins and cancels the rest, limits hold, panics are not swallowed. */
class GroupTest {

    @Test
    void returnsTheFirstErrorAndCancelsTheRest() {
        Group g = Group.withContext(Context.background());
        Context ctx = g.context();
        IOException first = new IOException("fetch failed");
        AtomicInteger sawCancel = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            g.go(() -> {
                ctx.done().recv(); // blocks until the failing task cancels the group
                sawCancel.incrementAndGet();
                throw ctx.err();
            });
        }
        g.go(() -> {
            throw first;
        });
        assertSame(first, g.await());
        assertEquals(5, sawCancel.get(), "every waiting task saw the cancellation");
        assertSame(Context.CANCELED, ctx.err());
        assertSame(first, Context.cause(ctx), "the group cancels with its error as the cause");
    }

    @Test
    void noErrorReturnsNullAndAwaitCancelsTheContext() {
        Group g = Group.withContext(Context.background());
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) g.go(ran::incrementAndGet);
        assertNull(g.await());
        assertEquals(100, ran.get());
        assertSame(Context.CANCELED, g.context().err(), "Wait cancels the context");
        assertSame(Context.CANCELED, Context.cause(g.context()));
    }

    @Test
    void aGroupWithoutContextHasNone() {
        Group g = new Group();
        assertThrows(IllegalStateException.class, g::context);
        g.go(() -> {
            throw new IOException("x");
        });
        assertEquals("x", g.await().getMessage());
    }

    @Test
    void setLimitNeverRunsMoreThanNAtOnce() {
        Group g = new Group();
        g.setLimit(3);
        AtomicInteger active = new AtomicInteger(), max = new AtomicInteger(), done = new AtomicInteger();
        for (int i = 0; i < 60; i++) {
            g.go(() -> {
                int now = active.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                Time.sleep(Duration.ofMillis(1));
                active.decrementAndGet();
                done.incrementAndGet();
            });
        }
        assertNull(g.await());
        assertEquals(60, done.get());
        assertTrue(max.get() <= 3, "at most 3 at once, saw " + max.get());
    }

    @Test
    void tryGoRespectsTheLimitAndSetLimitWhileActivePanics() {
        Group g = new Group();
        g.setLimit(1);
        Chan<Boolean> release = new Chan<>();
        assertTrue(g.tryGo(release::recv));
        assertFalse(g.tryGo(() -> {}), "the one slot is taken");
        Panic p = assertThrows(Panic.class, () -> g.setLimit(2));
        assertEquals("errgroup: modify limit while 1 goroutines in the group are still active", p.getMessage());
        release.send(true);
        assertNull(g.await());
        assertTrue(g.tryGo(() -> {}), "the slot is free again");
        g.setLimit(-1); // removing the limit is allowed at any time, as in Go
        assertNull(g.await());
    }

    @Test
    void aPanicInATaskIsAnUnrecoveredGoroutinePanic() {
        GoProcess.Result r = GoProcess.run(PanickingTask.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("panic: boom\n\ngoroutine "), r::toString);
        assertFalse(r.stdout().contains("waited"), "Wait does not return: the process ends, as in Go");
    }

    /** As in Go: the panic ends the program; it is not turned into the group's error. */
    public static final class PanickingTask {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Group g = new Group();
                g.go(() -> {
                    throw Go.panic("boom");
                });
                g.await();
                Time.sleep(Duration.ofSeconds(5));
                System.out.println("waited");
            });
        }
    }
}
