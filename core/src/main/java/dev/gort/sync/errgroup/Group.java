package dev.gort.sync.errgroup;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.ThrowingRunnable;
import dev.gort.context.CancelCauseContext;
import dev.gort.context.Context;
import dev.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Go's {@code errgroup.Group} ({@code golang.org/x/sync/errgroup}): goroutines working on
 * subtasks of a common task, with the first error kept and, for a group made by
 * {@link #withContext}, the shared context canceled at the first error.
 *
 * <pre>{@code
 * g, ctx := errgroup.WithContext(parent)         var g = Group.withContext(parent); var ctx = g.context();
 * for _, url := range urls {                     for (String url : urls)
 *     g.Go(func() error { return fetch(ctx, url) })  g.go(() -> fetch(ctx, url));   // fetch throws on failure
 * }
 * if err := g.Wait(); err != nil { ... }         Exception err = g.await();
 * }</pre>
 *
 * <h2>Errors and panics</h2>
 * A Go task returns an error; a gort task throws it: any {@link Exception} a task throws is its
 * error, except a {@link Panic} ({@link Go#panic}), which is a panic. As in today's errgroup, a
 * panic is not caught: it ends the task's goroutine as an unrecovered panic does (Go's report,
 * then the process's or the panic handler's rule), and so does a Java {@link Error}.
 * (errgroup propagated panics through Wait for a few months of 2025; that was reverted.)
 *
 * <h2>Limit</h2>
 * {@link #setLimit} bounds the number of active goroutines with a buffered channel of tokens, as
 * errgroup does: {@link #go} blocks for a token, {@link #tryGo} gives up without one.
 */
public final class Group {
    /** The group's context with its cancel; null for a group made by the constructor. */
    private final CancelCauseContext ctx;
    private final WaitGroup wg = new WaitGroup();
    /** Tokens of the active goroutines when limited (capacity = the limit); null when unlimited. */
    private volatile Chan<Boolean> sem;
    /** The first error (errgroup's {@code errOnce} and {@code err}). */
    private final AtomicReference<Exception> err = new AtomicReference<>();

    /** A group with no limit and no context: errgroup's zero {@code Group}. */
    public Group() {
        this(null);
    }

    private Group(CancelCauseContext ctx) {
        this.ctx = ctx;
    }

    /**
     * errgroup's {@code WithContext(ctx)}: a group whose {@link #context()} derives from parent
     * and is canceled, with the error as its cause, the first time a task fails or when
     * {@link #await()} returns, whichever comes first.
     *
     * @param parent the parent context
     * @return a group whose context is canceled by its first failing task or by await
     */
    public static Group withContext(Context parent) {
        return new Group(Context.withCancelCause(parent));
    }

    /**
     * The context {@code WithContext} returns beside the group. Throws IllegalStateException for
     * a group made by the constructor, which has none (errgroup's zero Group has none either).
     *
     * @return the group's context
     */
    public Context context() {
        if (ctx == null) throw new IllegalStateException("errgroup: this Group was not made by Group.withContext and has no context");
        return ctx;
    }

    /**
     * errgroup's {@code Go(f)}: runs task in a new goroutine, first waiting for a token if the
     * group is limited. The first task to throw an Exception sets the group's error and cancels
     * its context.
     *
     * @param task the task, run in a new goroutine
     */
    public void go(ThrowingRunnable task) {
        Chan<Boolean> s = sem;
        if (s != null) s.send(Boolean.TRUE);
        start(task, s);
    }

    /**
     * errgroup's {@code TryGo(f)} (x/sync 0.1): runs task in a new goroutine only if the group's
     * limit allows one more now, and says whether it did.
     *
     * @param task the task, run in a new goroutine if the limit allows
     * @return whether the task was started
     */
    public boolean tryGo(ThrowingRunnable task) {
        Chan<Boolean> s = sem;
        if (s != null && !s.trySend(Boolean.TRUE)) return false;
        start(task, s);
        return true;
    }

    private void start(ThrowingRunnable task, Chan<Boolean> token) {
        wg.add(1);
        Go.go(() -> {
            Go.defer(() -> {
                if (token != null) token.recv();
                wg.done();
            });
            try {
                task.run();
            } catch (Panic p) {
                throw p;
            } catch (Exception e) {
                if (err.compareAndSet(null, e) && ctx != null) ctx.cancel(e);
            }
        });
    }

    /**
     * errgroup's {@code SetLimit(n)}: at most n goroutines of this group active at once; a
     * negative n removes the limit (and 0 lets none start, as in Go). Panics with errgroup's
     * {@code errgroup: modify limit while N goroutines in the group are still active} if any are.
     *
     * @param n the most tasks running at once; negative for no limit
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            return;
        }
        Chan<Boolean> s = sem;
        if (s != null && s.len() != 0) {
            throw Go.panic(new IllegalStateException(
                    "errgroup: modify limit while " + s.len() + " goroutines in the group are still active"));
        }
        sem = new Chan<>(n);
    }

    /**
     * errgroup's {@code Wait()}: blocks until every task has returned, then returns the first
     * error (null if none) and cancels the group's context. A Go name would be {@code wait},
     * which {@link Object} already defines.
     *
     * @return the first error, or null
     */
    public Exception await() {
        wg.await();
        Exception e = err.get();
        if (ctx != null) ctx.cancel(e);
        return e;
    }
}
