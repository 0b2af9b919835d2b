package dev.gort.runtime;

/**
 * Go's {@code runtime.TypeAssertionError}: a failed conversion, from a Java ClassCastException.
 * Printed without the {@code runtime error:} prefix, as Go does:
 * {@code interface conversion: interface {} is java.lang.String, not java.lang.Integer}.
 */
public final class TypeAssertionError extends RuntimeException implements RuntimeError {
    /** The type the value had. */
    private final String concrete;
    /** The type it was converted to. */
    private final String asserted;

    /**
     * The error for a value of type {@code concrete} converted to {@code asserted}.
     *
     * @param concrete the type the value had
     * @param asserted the type it was converted to
     * @param cause the JVM exception this error stands for, or null
     */
    public TypeAssertionError(String concrete, String asserted, Throwable cause) {
        super("interface conversion: interface {} is " + concrete + ", not " + asserted, cause, false, false);
        this.concrete = concrete;
        this.asserted = asserted;
    }

    /** {@return The dynamic type the value had} */
    public String concrete() {
        return concrete;
    }

    /** {@return The type it was asserted to be} */
    public String asserted() {
        return asserted;
    }

    @Override
    public String error() {
        return getMessage();
    }

    /** As Go's {@code fmt.Print} shows an error: its {@link #error()} text. */
    @Override
    public String toString() {
        return error();
    }
}
