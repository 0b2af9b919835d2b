package dev.gort;

/** A Go function body with a result: a supplier that may throw. */
@FunctionalInterface
public interface ThrowingSupplier<T> {
    T get() throws Exception;
}
