package dev.gort.internal.panics;

import dev.gort.runtime.BoundsError;
import dev.gort.runtime.ErrorString;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the JVM's exceptions for Go's run-time faults to Go's run-time error values.
 * Anything else is returned unchanged: it panics with itself as the value.
 */
final class JvmErrors {
    private JvmErrors() {}

    private static final Pattern INDEX = Pattern.compile("(?:Index|index) (-?\\d+) out of bounds for length (\\d+)");
    private static final Pattern CAST = Pattern.compile("class (\\S+) cannot be cast to class (\\S+)");

    /** The Go value a thrown JVM exception stands for, or null when it is not one of Go's faults. */
    static Object goValue(Throwable t) {
        if (t instanceof NullPointerException) return new ErrorString(ErrorString.NIL_DEREFERENCE, t);
        if (t instanceof ArithmeticException && "/ by zero".equals(t.getMessage())) {
            return new ErrorString(ErrorString.DIVIDE_BY_ZERO, t);
        }
        if (t instanceof IndexOutOfBoundsException && t.getMessage() != null) {
            Matcher m = INDEX.matcher(t.getMessage());
            if (m.find()) return new BoundsError(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), t);
        }
        if (t instanceof ClassCastException && t.getMessage() != null) {
            Matcher m = CAST.matcher(t.getMessage());
            if (m.find()) return GoTypes.assertionError(m.group(1), m.group(2), t);
        }
        return null;
    }
}
