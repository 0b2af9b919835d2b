package dev.gort.runtime;

/**
 * An unrecovered panic that ended a goroutine outside {@code Go.main}, as given to the handler of
 * {@link GoRuntime#setPanicHandler}. Go has no counterpart: a Go program always dies of it.
 *
 * @param goroutine the id of the goroutine the panic ended (0 for a thread that is not a goroutine)
 * @param value the panic value ({@code Go.panic}'s argument, the run-time error a JVM exception
 *     became, or the {@link VirtualMachineError} of a fatal JVM error)
 * @param report Go's report exactly as printed on stderr: the {@code panic:} lines, then the
 *     traceback per {@code GOTRACEBACK}
 */
public record UnrecoveredPanic(long goroutine, Object value, String report) {}
