package dev.gort.runtime;

/**
 * The common body of gort's {@link RuntimeError} values: an unchecked exception whose message is
 * the error's whole text as Go prints it, so {@link #error()} and {@link #toString()} (what
 * Go's {@code fmt.Print} shows for an error) both return it. No stack trace is filled in and
 * none is suppressed: the panic that carries the value has the stack. Package-private: the
 * API is {@link RuntimeError} and the concrete classes.
 */
abstract class RuntimeErrorException extends RuntimeException implements RuntimeError {
    RuntimeErrorException(String text, Throwable cause) {
        super(text, cause, false, false);
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
