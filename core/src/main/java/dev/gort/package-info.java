/**
 * The Go language's runtime-backed statements and types: {@link dev.gort.Go} ({@code go},
 * {@code defer}, {@code panic}, {@code recover} and {@code func main}), channels
 * ({@link dev.gort.Chan}, with the direction types {@link dev.gort.SendChan} and
 * {@link dev.gort.RecvChan}) and {@link dev.gort.Select}.
 *
 * <p>Goroutines are virtual threads run by gort's own GOMAXPROCS scheduler, which needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} on the class path, or
 * {@code --add-opens java.base/java.lang=dev.gort} when gort is a named module (without it gort
 * warns once and runs goroutines on the JDK's default scheduler).
 *
 * <p>Two modes. Under {@link dev.gort.Go#main} the program is a Go program: it exits 0 when main
 * returns, 2 after an unrecovered panic or a deadlock, printing Go's reports. Without it (library
 * mode, where the host owns the process) an unrecovered panic goes to the handler of
 * {@link dev.gort.runtime.GoRuntime#setPanicHandler} when one is set, and a deadlock is reported,
 * never fatal. Every exit the runtime decides goes through {@code System.exit}, so shutdown hooks
 * run.
 */
package dev.gort;
