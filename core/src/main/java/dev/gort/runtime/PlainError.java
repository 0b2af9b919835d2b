package dev.gort.runtime;

/**
 * Go's {@code runtime.plainError}: a run-time panic whose message has no {@code runtime error: }
 * prefix, such as {@code send on closed channel}, {@code close of nil channel} or
 * {@code makechan: size out of range}. Recovered values implement {@link RuntimeError}.
 */
public final class PlainError extends RuntimeErrorException {
    /**
     * A run-time panic printed as {@code text}.
     *
     * @param text the message, with no prefix
     */
    public PlainError(String text) {
        super(text, null);
    }
}
