/**
 * Go's package {@code runtime}: {@link dev.gort.runtime.GoRuntime} holds its functions and constants
 * (GOMAXPROCS, NumGoroutine, Gosched, Goexit, LockOSThread, Caller and Callers, Stack,
 * ReadMemStats, GC, SetFinalizer, KeepAlive, the block and mutex profiles), with Java names in
 * lowerCamelCase; its types are here too ({@link dev.gort.runtime.MemStats},
 * {@link dev.gort.runtime.Frames}, {@link dev.gort.runtime.Func}, {@link dev.gort.runtime.Pinner}),
 * and the run-time error values a recovered panic can hold ({@link dev.gort.runtime.RuntimeError}
 * and its implementations, to which JVM exceptions such as {@code NullPointerException} are mapped).
 */
package dev.gort.runtime;
