package dev.gort.context;

import dev.gort.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: carries a deadline, a cancellation signal and request-scoped
 * values across API boundaries and between goroutines. The factories are Go's package functions:
 * {@code context.Background()} is {@link #background()}, {@code context.WithCancel(parent)} is
 * {@link #withCancel}, and so on.
 *
 * <pre>{@code
 * ctx, cancel := context.WithTimeout(parent, time.Second)     var ctx = Context.withTimeout(parent, Duration.ofSeconds(1));
 * defer cancel()                                              Go.defer(ctx::cancel);
 * select {                                                    new Select()
 * case v := <-results: use(v)                                     .recv(results, v -> use(v))
 * case <-ctx.Done(): return ctx.Err()                             .recv(ctx.done(), x -> { throw ctx.err(); })
 * }                                                               .run();
 * }</pre>
 *
 * Go returns a derived context and its cancel function as two values; gort returns one
 * {@link CancelContext} that is both. Go's rules hold: a derived context is canceled when its
 * parent is (with the parent's error and cause), canceling it leaves the parent alone, and
 * canceling releases its resources (the deadline's timer, its place among the parent's
 * children), so call {@code cancel()} when done, as in Go.
 *
 * <p>Implementations must be safe for use by several goroutines at once. {@link #err()} returns
 * null until {@link #done()} is closed, then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}.
 */
public interface Context {

    /** Go's {@code context.Canceled}: the error when a context is canceled, text {@code context canceled}. */
    ContextError CANCELED = new ContextError("context canceled", false);

    /**
     * Go's {@code context.DeadlineExceeded}: the error when a context's deadline passes, text
     * {@code context deadline exceeded}; its {@link ContextError#timeout()} is true.
     */
    ContextError DEADLINE_EXCEEDED = new ContextError("context deadline exceeded", true);

    /** {@return Go's {@code Deadline() (deadline time.Time, ok bool)}: the time when work on behalf of this context should end, if any} */
    Optional<Instant> deadline();

    /**
     * Go's {@code Done() <-chan struct{}}: a channel closed when this context is canceled or its
     * deadline passes; the nil channel ({@link dev.gort.Chan#nil()}) if it can never be canceled.
     * Successive calls return the same channel. Use it in a {@link dev.gort.Select}.
     *
     * @return the done channel, or the nil channel
     */
    RecvChan<Void> done();

    /**
     * Go's {@code Err() error}: null while {@link #done()} is open; afterwards why it closed,
     * {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}. Successive calls return the same error.
     *
     * @return null, {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}
     */
    ContextError err();

    /**
     * Go's {@code Value(key any) any}: the value this context associates with key (compared with
     * {@link Object#equals}), looked up through the chain of parents, or null.
     *
     * @param key the key, compared with {@code equals}
     * @return the value, or null
     */
    Object value(Object key);

    /** {@return Go's {@code context.Background()}: never canceled, no values, no deadline; the root of a program's contexts} */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /** {@return Go's {@code context.TODO()}: as {@link #background()}, for code that does not yet know which context to use} */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    /**
     * Go's {@code context.WithCancel(parent)}: a copy of parent with a new done channel, closed
     * when {@link CancelContext#cancel()} is called or when parent's is, whichever happens first.
     *
     * @param parent the parent context
     * @return the child context and its cancel function
     */
    static CancelContext withCancel(Context parent) {
        return CancelCtx.create(parent);
    }

    /**
     * Go's {@code context.WithCancelCause(parent)} (Go 1.20): as {@link #withCancel}, and
     * {@link CancelCauseContext#cancel(Exception)} records why, which {@link #cause(Context)} reports.
     *
     * @param parent the parent context
     * @return the child context and its cancel function
     */
    static CancelCauseContext withCancelCause(Context parent) {
        return CancelCtx.create(parent);
    }

    /**
     * Go's {@code context.WithDeadline(parent, d)}: as {@link #withCancel}, and also canceled with
     * {@link #DEADLINE_EXCEEDED} when the deadline passes. If parent's deadline is earlier, the
     * result is just a cancelable copy of parent (Go's rule). The deadline's timer is one of
     * gort's runtime timers: while it is pending the deadlock detector stays quiet, as for any timer.
     *
     * @param parent the parent context
     * @param deadline when the child is canceled with {@link #DEADLINE_EXCEEDED}
     * @return the child context and its cancel function
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        return withDeadlineCause(parent, deadline, null);
    }

    /**
     * Go's {@code context.WithDeadlineCause} (Go 1.21): as {@link #withDeadline}, with cause reported when the deadline passes.
     *
     * @param parent the parent context
     * @param deadline when the child is canceled with {@link #DEADLINE_EXCEEDED}
     * @param cause the cause {@link #cause} reports when the deadline passes
     * @return the child context and its cancel function
     */
    static CancelContext withDeadlineCause(Context parent, Instant deadline, Exception cause) {
        Objects.requireNonNull(deadline, "deadline");
        return TimerCtx.create(parent, deadline, cause);
    }

    /**
     * Go's {@code context.WithTimeout(parent, timeout)}: {@code withDeadline(parent, now + timeout)}.
     *
     * @param parent the parent context
     * @param timeout how long until the child is canceled with {@link #DEADLINE_EXCEEDED}
     * @return the child context and its cancel function
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Instant.now().plus(timeout));
    }

    /**
     * Go's {@code context.WithTimeoutCause} (Go 1.21): {@code withDeadlineCause(parent, now + timeout, cause)}.
     *
     * @param parent the parent context
     * @param timeout how long until the child is canceled with {@link #DEADLINE_EXCEEDED}
     * @param cause the cause {@link #cause} reports when the timeout passes
     * @return the child context and its cancel function
     */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, Exception cause) {
        return withDeadlineCause(parent, Instant.now().plus(timeout), cause);
    }

    /**
     * Go's {@code context.WithValue(parent, key, val)}: a copy of parent in which {@link #value}
     * of key is val. A null key panics with Go's {@code nil key}. As in Go, use keys of a type of
     * your own (an object of a private class), not strings, to avoid collisions between packages.
     *
     * @param parent the parent context
     * @param key the key, compared with {@code equals}
     * @param val the value
     * @return the child context carrying the value
     */
    static Context withValue(Context parent, Object key, Object val) {
        return new ValueCtx(parent, key, val);
    }

    /**
     * Go's {@code context.WithoutCancel(parent)} (Go 1.21): parent's values, but never canceled:
     * no deadline, a nil done channel, no error, even when parent is canceled.
     *
     * @param parent the parent context
     * @return a context with parent's values that is never canceled
     */
    static Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(parent);
    }

    /**
     * Go's {@code context.Cause(c)} (Go 1.20): why c was canceled. The cause given to the cancel
     * of c or of the ancestor that canceled it; {@link #err()} if none was given; null while c is
     * not canceled, and for a context made by {@link #withoutCancel}.
     *
     * @param c the context
     * @return the cause, or null while c is not canceled
     */
    static Exception cause(Context c) {
        CancelCtx cc = CancelCtx.nearest(c);
        // Without a cancelable ancestor of gort's, c may still be another implementation's: its error then.
        return cc == null ? c.err() : cc.cause();
    }

    /**
     * Go's {@code context.AfterFunc(ctx, f)} (Go 1.21): arranges to call f in its own goroutine
     * once ctx is done (at once if it already is). The result's {@link StopFunc#stop()} stops the
     * association: true if it stopped f from being run, false if f had been started or was
     * stopped already. Stopping does not wait for a running f.
     *
     * @param ctx the context
     * @param f the function, run in its own goroutine
     * @return the function that stops the association
     */
    static StopFunc afterFunc(Context ctx, Runnable f) {
        Objects.requireNonNull(f, "f");
        return AfterFuncCtx.start(ctx, f);
    }

    /** The {@code stop func() bool} that {@link #afterFunc} returns. */
    @FunctionalInterface
    interface StopFunc {
        /**
         * Stops the call of f if it has not started.
         *
         * @return true if this call stopped it
         */
        boolean stop();
    }
}
