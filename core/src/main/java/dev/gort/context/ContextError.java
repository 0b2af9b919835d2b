package dev.gort.context;

/**
 * The two errors of Go's package {@code context}: {@link Context#CANCELED} ({@code context
 * canceled}) and {@link Context#DEADLINE_EXCEEDED} ({@code context deadline exceeded}), the only
 * values {@link Context#err()} returns. Compare with {@code ==}, as Go code compares with
 * {@code errors.Is}. Unchecked, so that a task can {@code throw ctx.err()}; it carries no stack
 * trace (Go's sentinel errors have none, and a shared instance's trace would be meaningless).
 */
public final class ContextError extends RuntimeException {
    /** True for {@code DeadlineExceeded}, false for {@code Canceled}. */
    private final boolean timeout;

    ContextError(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    /** {@return Go's {@code Timeout() bool} of {@code DeadlineExceeded}: true for it, false for {@code Canceled}} */
    public boolean timeout() {
        return timeout;
    }

    /** Go's {@code Error()}: the message alone, as Go prints an error. */
    @Override
    public String toString() {
        return getMessage();
    }
}
