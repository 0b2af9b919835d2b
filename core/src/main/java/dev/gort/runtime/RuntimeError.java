package dev.gort.runtime;

/**
 * Go's {@code runtime.Error}: a run-time panic such as an index out of range or a nil dereference.
 * Java exceptions the JVM throws for the same faults reach {@code recover()} as these values
 * (NullPointerException, ArrayIndexOutOfBoundsException, ArithmeticException, ClassCastException).
 */
public interface RuntimeError {
    /** {@return Go's {@code Error()}: the message as Go prints it, e.g. {@code runtime error: integer divide by zero}} */
    String error();
}
