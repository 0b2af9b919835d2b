package dev.gort.context;

/** A {@link Context} with Go's {@code CancelCauseFunc}: what {@code context.WithCancelCause} returns (Go 1.20). */
public interface CancelCauseContext extends CancelContext {
    /**
     * Go's {@code CancelCauseFunc(cause)}: as {@link #cancel()}, and records cause, which
     * {@link Context#cause(Context)} then reports for this context and its descendants (a null
     * cause records {@link Context#CANCELED}). {@link #err()} is {@link Context#CANCELED} either way.
     *
     * @param cause why; null means {@link Context#CANCELED}
     */
    void cancel(Exception cause);
}
