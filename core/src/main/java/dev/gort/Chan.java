package dev.gort;

import dev.gort.internal.chan.Channels;
import dev.gort.internal.chan.HChan;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.PlainError;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Go's channel type {@code chan T}: {@code make(chan T)} is {@code new Chan<T>()},
 * {@code make(chan T, n)} is {@code new Chan<T>(n)}, and the nil channel is {@link #nil()}.
 *
 * <p>Semantics are Go's (the Go spec and runtime/chan.go): an unbuffered channel hands each value
 * from one sender to one receiver directly; a buffered one holds up to {@link #cap()} values;
 * blocked senders and receivers are served in FIFO order; a closed channel yields its buffered
 * values and then the zero value ({@code null}) with {@code ok == false}; a send on a closed
 * channel and a second close panic with Go's messages. A blocked goroutine waits with Go's wait
 * reason ({@code chan send}, {@code chan receive}, and {@code (nil chan)} forms) as goroutine
 * dumps show it. Channels work from plain Java threads too: such a thread really blocks.
 *
 * <p>{@code null} is a valid value to send (Go's nil pointer); use {@link #recvOk()} to tell it
 * from a closed channel.
 *
 * @param <T> element type
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    /** The channel; null for the nil channel. */
    final HChan c;

    private static final Chan<?> NIL = new Chan<>((HChan) null);

    static {
        Channels.setAccess(Chan::new);
    }

    /** Go's {@code make(chan T)}: an unbuffered channel. */
    public Chan() {
        this(0);
    }

    /**
     * Go's {@code make(chan T, size)}: a channel buffering up to {@code size} values. A negative
     * size panics with {@code makechan: size out of range}.
     *
     * @param size how many values the buffer holds; 0 for an unbuffered channel
     */
    public Chan(int size) {
        this.c = new HChan(size, false);
    }

    private Chan(HChan c) {
        this.c = c;
    }

    /**
     * Go's nil channel ({@code var ch chan T}): send and receive block forever, close panics with
     * {@code close of nil channel}, and a select never chooses its cases.
     *
     * @param <T> the element type
     * @return the nil channel
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    /**
     * The result of {@code v, ok := <-ch}: ok is false when the channel was closed and drained (v is then null).
     *
     * @param <T> the element type
     * @param value the value received, or null when ok is false
     * @param ok whether a value was received (false: closed and drained)
     */
    public record Received<T>(T value, boolean ok) {}

    /**
     * Go's {@code ch <- v}: blocks until a receiver takes v or the buffer has room. Panics with
     * {@code send on closed channel} if the channel is closed, also while the sender waits.
     */
    @Override
    public void send(T v) {
        if (c == null) HChan.blockForever(WaitReason.CHAN_SEND_NIL_CHAN);
        c.send(v, true);
    }

    /**
     * Go's non-blocking send, {@code select { case ch <- v: default: }}: sends v if a receiver is
     * waiting or the buffer has room, and says whether it did. Panics on a closed channel, as Go.
     */
    @Override
    public boolean trySend(T v) {
        return c != null && c.send(v, false);
    }

    /**
     * Go's {@code <-ch}: blocks until a value arrives; on a closed channel returns the buffered
     * values, then null (the zero value) at once.
     */
    @Override
    public T recv() {
        if (c == null) HChan.blockForever(WaitReason.CHAN_RECEIVE_NIL_CHAN);
        return value(c.recv(true));
    }

    /** Go's {@code v, ok := <-ch}: as {@link #recv()}, and ok is false for the zero value of a closed channel. */
    @Override
    public Received<T> recvOk() {
        if (c == null) HChan.blockForever(WaitReason.CHAN_RECEIVE_NIL_CHAN);
        return received(c.recv(true));
    }

    /**
     * Go's non-blocking receive, {@code select { case v, ok := <-ch: default: }}: the value (or
     * the closed channel's zero value with ok false) if one is there now, otherwise null.
     */
    @Override
    public Received<T> tryRecv() {
        if (c == null) return null;
        Object r = c.recv(false);
        return r == HChan.WOULD_BLOCK ? null : received(r);
    }

    /**
     * Go's {@code close(ch)}: no more values will be sent; waiting receivers get the zero value and
     * waiting senders panic. Panics with {@code close of nil channel} or {@code close of closed
     * channel}.
     */
    @Override
    public void close() {
        if (c == null) throw Go.panic(new PlainError("close of nil channel"));
        c.close();
    }

    /** Go's {@code len(ch)}: values buffered now (0 for the nil channel). */
    @Override
    public int len() {
        return c == null ? 0 : c.len();
    }

    /** Go's {@code cap(ch)}: the buffer size (0 for the nil channel). */
    @Override
    public int cap() {
        return c == null ? 0 : c.cap();
    }

    /**
     * Go's {@code for v := range ch}: receives until the channel is closed and drained.
     * {@code hasNext()} blocks for the next value.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next = HChan.WOULD_BLOCK; // nothing fetched yet

            @Override
            public boolean hasNext() {
                if (next == HChan.WOULD_BLOCK) {
                    if (c == null) HChan.blockForever(WaitReason.CHAN_RECEIVE_NIL_CHAN);
                    next = c.recv(true);
                }
                return next != HChan.CLOSED;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException("channel closed");
                T v = value(next);
                next = HChan.WOULD_BLOCK;
                return v;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Object r) {
        return r == HChan.CLOSED ? null : (T) r;
    }

    private static final Received<?> CLOSED = new Received<>(null, false);

    @SuppressWarnings("unchecked")
    private static <T> Received<T> received(Object r) {
        return r == HChan.CLOSED ? (Received<T>) CLOSED : new Received<>(value(r), true);
    }

    /** {@code chan(nil)} or {@code chan[len/cap]} (Go prints a channel as its address). */
    @Override
    public String toString() {
        return c == null ? "chan(nil)" : "chan[" + len() + "/" + cap() + "]";
    }
}
