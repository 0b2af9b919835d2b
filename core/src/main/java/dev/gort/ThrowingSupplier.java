package dev.gort;

/**
 * A Go function body with a result: a supplier that may throw.
 *
 * @param <T> the result's type
 */
@FunctionalInterface
public interface ThrowingSupplier<T> {
    /**
     * Runs the body.
     *
     * @return the function's result
     * @throws Exception anything the body throws; gort treats it as a panic
     */
    T get() throws Exception;
}
