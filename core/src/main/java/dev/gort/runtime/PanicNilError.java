package dev.gort.runtime;

/**
 * Go 1.21's {@code runtime.PanicNilError}: what {@code Go.panic(null)} panics with, so that
 * {@code recover()} can tell it from "no panic". {@code GODEBUG=panicnil=1} restores the old
 * behaviour (the panic value is null).
 */
public final class PanicNilError extends RuntimeErrorException {
    /** The value of {@code panic(nil)}: {@code panic called with nil argument}. */
    public PanicNilError() {
        super("panic called with nil argument", null);
    }
}
