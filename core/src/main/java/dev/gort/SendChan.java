package dev.gort;

/**
 * Go's send-only channel type {@code chan<- T}: a view of a {@link Chan} that can send and close
 * but not receive.
 *
 * @param <T> the element type
 */
public sealed interface SendChan<T> permits Chan {
    /**
     * Go's {@code ch <- v}: see {@link Chan#send}.
     *
     * @param v the value to send
     */
    void send(T v);

    /**
     * Go's {@code select { case ch <- v: return true; default: return false }}: see {@link Chan#trySend}.
     *
     * @param v the value to send
     * @return true if the value was sent without blocking
     */
    boolean trySend(T v);

    /** Go's {@code close(ch)}: see {@link Chan#close}. */
    void close();

    /** {@return Go's {@code len(ch)}} */
    int len();

    /** {@return Go's {@code cap(ch)}} */
    int cap();
}
