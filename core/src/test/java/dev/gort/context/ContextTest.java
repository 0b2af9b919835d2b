package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.RecvChan;
import dev.gort.Select;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.sync.WaitGroup;
import dev.gort.testing.GoProcess;
import dev.gort.testing.Goroutines;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go's package context: cancellation trees, deadlines, values, causes and AfterFunc, with Go's results. */
class ContextTest {

    @Test
    void backgroundAndTodoAreNeverCanceled() {
        for (Context c : new Context[] {Context.background(), Context.todo()}) {
            assertSame(Chan.nil(), c.done());
            assertNull(c.err());
            assertEquals(Optional.empty(), c.deadline());
            assertNull(c.value("k"));
            assertNull(Context.cause(c));
        }
        assertEquals("context.Background", Context.background().toString());
        assertEquals("context.TODO", Context.todo().toString());
    }

    @Test
    void errorsHaveGoTexts() {
        assertEquals("context canceled", Context.CANCELED.getMessage());
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.toString());
        assertTrue(Context.DEADLINE_EXCEEDED.timeout());
        assertFalse(Context.CANCELED.timeout());
    }

    @Test
    void cancelClosesDoneAndSetsErrOnce() {
        CancelContext ctx = Context.withCancel(Context.background());
        RecvChan<Void> done = ctx.done();
        assertSame(done, ctx.done(), "successive calls return the same channel");
        assertNull(done.tryRecv(), "open before cancel");
        assertNull(ctx.err());
        ctx.cancel();
        assertFalse(done.recvOk().ok(), "closed by cancel");
        assertSame(Context.CANCELED, ctx.err());
        assertSame(Context.CANCELED, Context.cause(ctx), "no cause given: the error");
        ctx.cancel(); // a second cancel does nothing
        assertSame(Context.CANCELED, ctx.err());
        assertEquals("context.Background.WithCancel", ctx.toString());
    }

    @Test
    void canceledBeforeDoneIsAskedForReturnsAClosedChannel() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertFalse(ctx.done().recvOk().ok());
    }

    @Test
    void parentCancelReachesEveryDescendantButChildCancelLeavesTheParent() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(Context.withValue(parent, "k", "v"));
        CancelContext grandchild = Context.withCancel(child);
        CancelContext sibling = Context.withCancel(parent);
        sibling.cancel();
        assertNull(parent.err(), "a child's cancel leaves its parent");
        assertNull(child.err());
        parent.cancel();
        assertSame(Context.CANCELED, child.err());
        assertSame(Context.CANCELED, grandchild.err());
        assertFalse(grandchild.done().recvOk().ok());
    }

    @Test
    void childOfACanceledParentIsCanceledAtOnce() {
        CancelContext parent = Context.withCancelCause(Context.background());
        IllegalStateException why = new IllegalStateException("shutting down");
        ((CancelCauseContext) parent).cancel(why);
        CancelContext child = Context.withCancel(parent);
        assertSame(Context.CANCELED, child.err());
        assertSame(why, Context.cause(child), "the parent's cause is inherited");
    }

    @Test
    void cancelCauseIsReportedForTheContextAndItsDescendants() {
        CancelCauseContext ctx = Context.withCancelCause(Context.background());
        CancelContext child = Context.withTimeout(ctx, Duration.ofHours(1));
        assertNull(Context.cause(ctx), "no cause before cancel");
        Exception why = new Exception("upstream failed");
        ctx.cancel(why);
        assertSame(Context.CANCELED, ctx.err(), "err stays Canceled");
        assertSame(why, Context.cause(ctx));
        assertSame(why, Context.cause(child));
        ctx.cancel(new Exception("later")); // the first cause wins
        assertSame(why, Context.cause(ctx));
    }

    @Test
    void deadlineCancelsTheContextAndItsChildrenWithDeadlineExceeded() {
        Instant start = Instant.now();
        CancelContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(50));
        Context child = Context.withValue(Context.withCancel(parent), "k", 1);
        assertEquals(parent.deadline(), child.deadline());
        assertFalse(child.done().recvOk().ok());
        assertTrue(Duration.between(start, Instant.now()).toMillis() >= 45, "not before the deadline");
        assertSame(Context.DEADLINE_EXCEEDED, parent.err());
        assertSame(Context.DEADLINE_EXCEEDED, child.err());
        assertSame(Context.DEADLINE_EXCEEDED, Context.cause(child));
    }

    @Test
    void deadlineCauseIsReportedWhenTheDeadlinePasses() {
        Exception slow = new Exception("backend too slow");
        CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ofMillis(10), slow);
        ctx.done().recv();
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        assertSame(slow, Context.cause(ctx));
    }

    @Test
    void aPastDeadlineCancelsAtOnceAndAnEarlierParentDeadlineWins() {
        CancelContext past = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        assertSame(Context.DEADLINE_EXCEEDED, past.err());
        CancelContext parent = Context.withTimeout(Context.background(), Duration.ofSeconds(5));
        CancelContext later = Context.withTimeout(parent, Duration.ofHours(1));
        assertEquals(parent.deadline(), later.deadline(), "Go: the parent's earlier deadline stays");
        later.cancel();
        assertNull(parent.err());
        parent.cancel();
    }

    @Test
    void cancelReleasesTheDeadlineTimer() {
        long before = Sched.pendingWakeSources.get();
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1));
        assertEquals(before + 1, Sched.pendingWakeSources.get(), "a pending deadline is a wake source");
        ctx.cancel();
        assertEquals(before, Sched.pendingWakeSources.get(), "cancel stops the timer");
        assertSame(Context.CANCELED, ctx.err());
    }

    @Test
    void valueLooksUpThroughTheChain() {
        Object k1 = new Object(), k2 = new Object();
        Context a = Context.withValue(Context.background(), k1, "one");
        Context b = Context.withCancel(a);
        Context c = Context.withValue(Context.withTimeout(b, Duration.ofHours(1)), k2, "two");
        Context shadow = Context.withValue(c, k1, "uno");
        assertEquals("one", c.value(k1));
        assertEquals("two", c.value(k2));
        assertEquals("uno", shadow.value(k1), "the nearest value wins");
        assertNull(a.value(k2));
        assertThrows(Panic.class, () -> Context.withValue(a, null, "x"), "nil key");
        assertEquals("context.Background.WithValue(k, v)", Context.withValue(Context.background(), "k", "v").toString());
    }

    @Test
    void withoutCancelKeepsValuesButNotCancellation() {
        CancelCauseContext parent = Context.withCancelCause(Context.withValue(Context.background(), "k", "v"));
        Context detached = Context.withoutCancel(parent);
        parent.cancel(new Exception("x"));
        assertEquals("v", detached.value("k"));
        assertNull(detached.err());
        assertSame(Chan.nil(), detached.done());
        assertNull(Context.cause(detached), "Go: Cause of a WithoutCancel context is nil");
        CancelContext child = Context.withCancel(detached);
        assertNull(child.err(), "a child of a detached context is not canceled with the original");
        child.cancel();
    }

    @Test
    void nilParentPanicsAsGo() {
        Executable[] makers = {
            () -> Context.withCancel(null),
            () -> Context.withTimeout(null, Duration.ofSeconds(1)),
            () -> Context.withValue(null, "k", "v"),
            () -> Context.withoutCancel(null),
        };
        for (Executable m : makers) {
            Panic p = assertThrows(Panic.class, m);
            assertEquals("cannot create context from nil parent", p.value());
        }
    }

    @Test
    void afterFuncRunsInItsOwnGoroutineOnceTheContextIsDone() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        CountDownLatch ran = new CountDownLatch(1);
        long[] goid = new long[1];
        Context.StopFunc stop = Context.afterFunc(ctx, () -> {
            goid[0] = Sched.currentG().goid;
            ran.countDown();
        });
        assertEquals(1, ran.getCount(), "not before cancel");
        ctx.cancel();
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        assertTrue(goid[0] > 0, "ran in a goroutine");
        assertFalse(stop.stop(), "f has started: stop reports false");
    }

    @Test
    void afterFuncStoppedBeforeCancelNeverRuns() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicInteger runs = new AtomicInteger();
        Context.StopFunc stop = Context.afterFunc(ctx, runs::incrementAndGet);
        assertTrue(stop.stop());
        assertFalse(stop.stop(), "already stopped");
        ctx.cancel();
        CountDownLatch later = new CountDownLatch(1);
        Context.afterFunc(ctx, later::countDown); // already done: runs at once
        assertTrue(later.await(30, TimeUnit.SECONDS));
        assertEquals(0, runs.get());
    }

    /** A context of another implementation: gort watches its done channel with a goroutine, as Go does. */
    private record ForeignCtx(Chan<Void> doneChan) implements Context {
        @Override public Optional<Instant> deadline() { return Optional.empty(); }
        @Override public RecvChan<Void> done() { return doneChan; }
        @Override public ContextError err() { return doneChan.tryRecv() != null ? Context.CANCELED : null; }
        @Override public Object value(Object key) { return "foreign:" + key; }
    }

    @Test
    void aForeignParentIsWatched() {
        Chan<Void> d = new Chan<>();
        CancelContext child = Context.withCancel(new ForeignCtx(d));
        assertEquals("foreign:k", child.value("k"));
        d.close();
        assertFalse(child.done().recvOk().ok());
        assertSame(Context.CANCELED, child.err());
    }

    @Test
    void cancellationReachesTenThousandSelectingGoroutinesWithin50ms() throws Exception {
        int n = 10_000;
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && best > TimeUnit.MILLISECONDS.toNanos(50); attempt++) {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Integer> never = new Chan<>();
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    new Select().recv(never, null).recv(ctx.done(), null).run();
                    wg.done();
                });
            }
            Goroutines.awaitTrue(() -> Sched.allGoroutines().stream()
                    .filter(g -> g.waitReason == WaitReason.SELECT).count() >= n, n + " goroutines in select");
            Thread.sleep(200); // let the start-up's JIT compilations and collections settle: measure the wake-up alone
            long t0 = System.nanoTime();
            ctx.cancel();
            wg.await();
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertTrue(best <= TimeUnit.MILLISECONDS.toNanos(50),
                "cancel to all " + n + " woken: best of 3 " + best / 1000 + " µs");
    }

    @Test
    void aPendingDeadlineIsNoDeadlock() {
        GoProcess.Result r = GoProcess.run(WaitForDeadline.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("context deadline exceeded\n", r.stdout(), r::toString);
    }

    /** Go.main waiting only on a context's deadline: no goroutine can wake it but the timer. */
    public static final class WaitForDeadline {
        public static void main(String[] args) {
            Go.main(args, () -> {
                CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(300));
                ctx.done().recv();
                System.out.println(ctx.err());
            });
        }
    }
}
