package dev.gort;

import dev.gort.internal.chan.HChan;
import dev.gort.internal.chan.SelectGo;
import dev.gort.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Go's {@code select} statement:
 * <pre>{@code
 * select {                                new Select()
 * case v := <-in:                             .recv(in, v -> use(v))
 * case v, ok := <-other:                      .recvOk(other, (v, ok) -> ...)
 * case out <- x:                              .send(out, x, () -> ...)
 * default:                                    .orDefault(() -> ...)
 * }                                           .run();
 * }</pre>
 * {@link #run()} waits until one case can proceed (or takes the default when none can now),
 * performs it, runs its handler, and returns its index (cases are numbered in the order they were
 * added; the default's index is the number of cases). Among several ready cases one is chosen
 * uniformly at random, as Go does. A nil channel's case is never chosen; a select with no cases
 * and no default blocks forever ({@code select (no cases)}). A send case on a closed channel
 * panics with {@code send on closed channel} when chosen.
 *
 * <p>A built Select can be run again and again: the second and later runs allocate nothing (the
 * cheap form of a select in a loop). Send values are fixed when added, or computed once per run
 * by {@link #sendFrom} (Go evaluates the send expressions on entering the select). A Select is
 * used by one goroutine at a time (its cases hold the waiting state of one pass); handlers may run
 * another select, or this one again. A run that starts while another goroutine's run of the same
 * Select is still choosing panics with an {@link IllegalStateException} instead of corrupting
 * that pass. Handlers may be null (a case with no body).
 */
public final class Select {
    private SelectGo.Case[] cases = new SelectGo.Case[2];
    /** Per case: a RecvOkConsumer for a receive, a Runnable for a send; null for no body. */
    private Object[] handlers = new Object[2];
    /** Per send case: the fixed value, or its Supplier when {@link #fromSupplier} says so. */
    private Object[] values = new Object[2];
    private boolean[] fromSupplier = new boolean[2];
    private int n;
    private boolean hasDefault;
    private Runnable onDefault;
    private final SelectGo.Scratch scratch = new SelectGo.Scratch();
    /** The thread whose run is choosing a case now, or null: set by CAS on entry, cleared before the handler runs. */
    private volatile Thread runner;

    private static final VarHandle RUNNER;

    static {
        try {
            RUNNER = MethodHandles.lookup().findVarHandle(Select.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A receive case's handler that also gets Go's {@code ok}.
     *
     * @param <T> the channel's element type
     */
    @FunctionalInterface
    public interface RecvOkConsumer<T> {
        /**
         * Handles the received value.
         *
         * @param value the value received (null when the channel is closed and drained)
         * @param ok false when the channel is closed and drained
         */
        void accept(T value, boolean ok);
    }

    /** An empty select: add cases, then {@link #run()} it (as often as needed). */
    public Select() {}

    /**
     * Go's {@code case v := <-ch:}; v is null when ch is closed and drained.
     *
     * @param <T> the channel's element type
     * @param ch the channel to receive from
     * @param handler runs with the value when this case is chosen; may be null
     * @return this select
     */
    public <T> Select recv(RecvChan<T> ch, Consumer<? super T> handler) {
        RecvOkConsumer<T> h = handler == null ? null : (v, ok) -> handler.accept(v);
        return add(ch, false, null, false, h);
    }

    /**
     * Go's {@code case v, ok := <-ch:}.
     *
     * @param <T> the channel's element type
     * @param ch the channel to receive from
     * @param handler runs with the value and ok when this case is chosen; may be null
     * @return this select
     */
    public <T> Select recvOk(RecvChan<T> ch, RecvOkConsumer<? super T> handler) {
        return add(ch, false, null, false, handler);
    }

    /**
     * Go's {@code case ch <- v:} with a value fixed now.
     *
     * @param <T> the channel's element type
     * @param ch the channel to send on
     * @param v the value sent
     * @param handler runs when this case is chosen; may be null
     * @return this select
     */
    public <T> Select send(SendChan<T> ch, T v, Runnable handler) {
        return add(ch, true, v, false, handler);
    }

    /**
     * Go's {@code case ch <- f():}: {@code value} is called once per {@link #run()}, before choosing.
     *
     * @param <T> the channel's element type
     * @param ch the channel to send on
     * @param value gives the value to send, once per run
     * @param handler runs when this case is chosen; may be null
     * @return this select
     */
    public <T> Select sendFrom(SendChan<T> ch, Supplier<? extends T> value, Runnable handler) {
        return add(ch, true, Objects.requireNonNull(value, "value"), true, handler);
    }

    /**
     * Go's {@code default:}: taken when no case can proceed at once.
     *
     * @param handler runs when no case could proceed; may be null
     * @return this select
     */
    public Select orDefault(Runnable handler) {
        if (hasDefault) throw new IllegalStateException("select: multiple defaults");
        hasDefault = true;
        onDefault = handler;
        return this;
    }

    private Select add(Object ch, boolean send, Object value, boolean supplier, Object handler) {
        Objects.requireNonNull(ch, "channel (use Chan.nil() for a nil channel)");
        if (n == cases.length) {
            int len = 2 * n;
            cases = Arrays.copyOf(cases, len);
            handlers = Arrays.copyOf(handlers, len);
            values = Arrays.copyOf(values, len);
            fromSupplier = Arrays.copyOf(fromSupplier, len);
        }
        cases[n] = new SelectGo.Case(((Chan<?>) ch).c, send);
        handlers[n] = handler;
        values[n] = value;
        fromSupplier[n] = supplier;
        n++;
        scratch.invalidate(n);
        return this;
    }

    /**
     * Runs the select: blocks (unless there is a default) until a case proceeds, runs its handler
     * and returns its index; returns the number of cases when the default was taken.
     *
     * @return the index of the case taken, in the order they were added, or the number of cases for the default
     */
    public int run() {
        if (n == 0 && !hasDefault) HChan.blockForever(WaitReason.SELECT_NO_CASES); // no case state to share
        if (!RUNNER.compareAndSet(this, null, Thread.currentThread())) {
            throw new IllegalStateException("select: a built Select run by two goroutines at once (build one per goroutine)");
        }
        int i;
        Object v = null;
        boolean ok = false;
        try {
            for (int k = 0; k < n; k++) {
                if (cases[k].send) cases[k].elem = fromSupplier[k] ? ((Supplier<?>) values[k]).get() : values[k];
            }
            i = n == 1 && hasDefault ? selectNonBlocking(cases[0]) : SelectGo.select(cases, n, scratch, !hasDefault);
            if (i >= 0) {
                SelectGo.Case cs = cases[i];
                v = cs.elem;
                ok = cs.ok;
                cs.elem = null; // a received value is the handler's, not the select's
            }
        } finally {
            runner = null; // before the handler, which may run this select again
        }
        if (i < 0) {
            if (onDefault != null) onDefault.run();
            return n;
        }
        dispatch(handlers[i], cases[i].send, v, ok);
        return i;
    }

    /**
     * One case and a default: the channel's own non-blocking operation, which skips the lock when
     * the channel clearly cannot proceed (Go's compiler turns this select into selectnbsend /
     * selectnbrecv for the same reason). Returns 0 or -1 as {@link SelectGo#select}.
     */
    private static int selectNonBlocking(SelectGo.Case cs) {
        HChan c = cs.c;
        if (c == null) return -1;
        if (cs.send) return c.send(cs.elem, false) ? 0 : -1;
        Object r = c.recv(false);
        if (r == HChan.WOULD_BLOCK) return -1;
        cs.ok = r != HChan.CLOSED;
        cs.elem = cs.ok ? r : null;
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void dispatch(Object handler, boolean send, Object v, boolean ok) {
        if (handler == null) return;
        if (send) {
            ((Runnable) handler).run();
        } else {
            ((RecvOkConsumer<Object>) handler).accept(v, ok);
        }
    }
}
