package dev.gort.runtime;

/**
 * Go's {@code runtime.errorString}: a run-time error with a fixed text, printed with the
 * {@code runtime error: } prefix (nil pointer dereference, integer divide by zero, ...).
 */
public final class ErrorString extends RuntimeErrorException {
    /** Go's message for a nil pointer dereference (a Java NullPointerException). */
    public static final String NIL_DEREFERENCE = "invalid memory address or nil pointer dereference";
    /** Go's message for an integer division by zero (a Java ArithmeticException). */
    public static final String DIVIDE_BY_ZERO = "integer divide by zero";

    /** The message without the {@code runtime error: } prefix. */
    private final String text;

    /**
     * A run-time error with message {@code runtime error: text}.
     *
     * @param text the message without the prefix
     * @param cause the JVM exception this error stands for, or null
     */
    public ErrorString(String text, Throwable cause) {
        super("runtime error: " + text, cause);
        this.text = text;
    }

    /** {@return The text without the prefix} */
    public String text() {
        return text;
    }
}
