package dev.gort;

/**
 * Go's receive-only channel type {@code <-chan T}: a view of a {@link Chan} that can receive
 * (and be ranged over) but not send or close.
 *
 * @param <T> the element type
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /** {@return Go's {@code <-ch}: see {@link Chan#recv}} */
    T recv();

    /** {@return Go's {@code v, ok := <-ch}: see {@link Chan#recvOk}} */
    Chan.Received<T> recvOk();

    /** {@return Go's {@code select { case v, ok := <-ch: ...; default: }}: see {@link Chan#tryRecv}} */
    Chan.Received<T> tryRecv();

    /** {@return Go's {@code len(ch)}} */
    int len();

    /** {@return Go's {@code cap(ch)}} */
    int cap();
}
