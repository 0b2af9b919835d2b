/**
 * gort's JMH benchmarks, one per Go runtime benchmark: each method's operation is the operation of
 * the Go benchmark of the same name (capitalised), in Go's shape (chan_test.go, proc_test.go,
 * runtime_test.go, sync's mutex_test.go and waitgroup_test.go), so {@code bench/run} prints every
 * figure beside Go's, measured on the same machine by {@code bench/go/bench_test.go}.
 *
 * <p>How a Go benchmark maps onto JMH: Go runs {@code b.N} operations in goroutines and divides the
 * wall time by {@code b.N}. Here each JMH invocation runs a fixed batch of {@code N} operations in
 * goroutines ({@link dev.gort.bench.Gort#parallel} is {@code b.RunParallel}: one goroutine per P)
 * and declares {@code @OperationsPerInvocation(N)}; the batch start and the final wait are
 * amortised over N, as Go's are over b.N. Every benchmark takes GOMAXPROCS as a JMH parameter
 * ({@code gomaxprocs}, 1 and 2), set with {@code GoRuntime.gomaxprocs} before the trial.
 *
 * <p>Peers (package {@code peers}) have the same method names, run in the same shape on virtual
 * threads of the JDK's default scheduler, whose parallelism is set to the same value.
 */
package dev.gort.bench;
