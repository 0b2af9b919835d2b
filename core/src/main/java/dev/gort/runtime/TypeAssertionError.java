package dev.gort.runtime;

/**
 * Go's {@code runtime.TypeAssertionError}: a failed conversion, from a Java ClassCastException.
 * Printed without the {@code runtime error:} prefix, as Go does:
 * {@code interface conversion: interface {} is java.lang.String, not java.lang.Integer}.
 */
public final class TypeAssertionError extends RuntimeErrorException {
    private final String concrete;
    private final String asserted;

    public TypeAssertionError(String concrete, String asserted, Throwable cause) {
        super("interface conversion: interface {} is " + concrete + ", not " + asserted, cause);
        this.concrete = concrete;
        this.asserted = asserted;
    }

    /** The dynamic type the value had. */
    public String concrete() {
        return concrete;
    }

    /** The type it was asserted to be. */
    public String asserted() {
        return asserted;
    }
}
