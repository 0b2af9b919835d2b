package dev.gort;

import dev.gort.internal.panics.PanicValues;

/**
 * Go's {@code panic(v)} in flight: an unchecked exception carrying the panic value. Thrown by
 * {@link Go#panic}; {@link Go#recover} in a deferred call returns {@link #value()}.
 */
public final class Panic extends RuntimeException {
    private final transient Object value;

    /**
     * Go's {@code panic(value)}; prefer {@link Go#panic}, which also applies Go's rule for nil.
     *
     * @param value the panic value
     */
    public Panic(Object value) {
        super(null, value instanceof Throwable t ? t : null);
        this.value = value;
    }

    /** {@return The value passed to panic} */
    public Object value() {
        return value;
    }

    /** The value as Go prints it after {@code panic: }. */
    @Override
    public String getMessage() {
        return PanicValues.format(value, false);
    }
}
