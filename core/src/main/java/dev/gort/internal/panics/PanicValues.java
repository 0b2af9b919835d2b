package dev.gort.internal.panics;

import dev.gort.runtime.RuntimeError;

/**
 * How Go prints a panic value (runtime/error.go printpanicval): errors print their message,
 * Stringers their string, numbers as Go's {@code print} does (floats as {@code +1.500000e+000}).
 * In Java every object has {@code toString()}, Go's String(); a Throwable's message is Go's
 * Error(). A Java exception that escaped (rather than being passed to Go.panic) prints with its
 * class, as {@code toString()} does, since that is what a Java developer needs to see.
 */
public final class PanicValues {
    private PanicValues() {}

    public static String format(Object v, boolean javaException) {
        if (v == null) return "nil";
        if (v instanceof RuntimeError e) return e.error();
        if (v instanceof Throwable t) {
            if (javaException || t.getMessage() == null) return t.toString();
            return t.getMessage();
        }
        if (v instanceof Double d) return formatFloat(d);
        if (v instanceof Float f) return formatFloat(f.doubleValue());
        if (v instanceof Character c) return Integer.toString(c); // a Go rune prints as its number
        return v.toString();
    }

    /** Go's print(float64): sign, one digit, six decimals, exponent with sign and three digits. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        String s = String.format("%.6e", Math.abs(d)); // e.g. 1.500000e+00
        int e = s.indexOf('e');
        String mant = s.substring(0, e);
        int exp = Integer.parseInt(s.substring(e + 1));
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "+";
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%03d", Math.abs(exp));
    }
}
