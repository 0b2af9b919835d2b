package dev.gort.runtime;

/**
 * Go's {@code runtime.TypeAssertionError}: a failed type assertion (from a Java
 * {@code ClassCastException}). Printed without the {@code runtime error:} prefix, in Go's three
 * forms:
 * <ul>
 *   <li>to an interface the type lacks: {@code interface conversion: int is not main.M: missing method m};</li>
 *   <li>to another type: {@code interface conversion: interface {} is string, not int};</li>
 *   <li>of a nil value: {@code interface conversion: interface {} is nil, not int}. A Java cast of
 *       null succeeds, so only code that builds the error itself meets this form.</li>
 * </ul>
 * Java types are named as Go names its own: {@code Integer} is {@code int}, {@code String} is
 * {@code string}, {@code Object} is {@code interface {}}, other classes {@code package.Type}
 * (see the run-time errors row of docs/mapping.md).
 */
public final class TypeAssertionError extends RuntimeErrorException {
    /** Go's name for the empty interface, the static type of a Java value of unknown type. */
    public static final String EMPTY_INTERFACE = "interface {}";

    /** The static type asserted from, or null. */
    private final String iface;
    /** The value's dynamic type, or null for nil. */
    private final String concrete;
    /** The type asserted to. */
    private final String asserted;
    /** The method the dynamic type lacks, or empty. */
    private final String missingMethod;

    /**
     * Go's {@code &TypeAssertionError{_interface, concrete, asserted, missingMethod}}.
     *
     * @param iface the static type asserted from, or null (Go prints {@code interface})
     * @param concrete the value's dynamic type, or null for a nil value
     * @param asserted the type asserted to
     * @param missingMethod the method the dynamic type lacks, or empty
     * @param cause the JVM exception this stands for, or null
     */
    public TypeAssertionError(String iface, String concrete, String asserted, String missingMethod, Throwable cause) {
        super(text(iface, concrete, asserted, missingMethod), cause);
        this.iface = iface;
        this.concrete = concrete;
        this.asserted = asserted;
        this.missingMethod = missingMethod == null ? "" : missingMethod;
    }

    private static String text(String iface, String concrete, String asserted, String missingMethod) {
        String inter = iface != null ? iface : "interface";
        if (concrete == null) return "interface conversion: " + inter + " is nil, not " + asserted;
        if (missingMethod == null || missingMethod.isEmpty()) {
            return "interface conversion: " + inter + " is " + concrete + ", not " + asserted;
        }
        return "interface conversion: " + concrete + " is not " + asserted + ": missing method " + missingMethod;
    }

    /** {@return The static type asserted from, or null} */
    public String iface() {
        return iface;
    }

    /** {@return The dynamic type the value had, or null for nil} */
    public String concrete() {
        return concrete;
    }

    /** {@return The type it was asserted to be} */
    public String asserted() {
        return asserted;
    }

    /** {@return The method the dynamic type lacks, or empty} */
    public String missingMethod() {
        return missingMethod;
    }
}
