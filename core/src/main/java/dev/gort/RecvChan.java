package dev.gort;

/**
 * Go's receive-only channel type {@code <-chan T}: a view of a {@link Chan} that can receive
 * (and be ranged over) but not send or close.
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /** Go's {@code <-ch}: see {@link Chan#recv}. */
    T recv();

    /** Go's {@code v, ok := <-ch}: see {@link Chan#recvOk}. */
    Chan.Received<T> recvOk();

    /** Go's {@code select { case v, ok := <-ch: ...; default: }}: see {@link Chan#tryRecv}. */
    Chan.Received<T> tryRecv();

    /** Go's {@code len(ch)}. */
    int len();

    /** Go's {@code cap(ch)}. */
    int cap();
}
