/**
 * Go's package {@code runtime/pprof}: {@link dev.gort.runtime.pprof.Pprof} (Lookup, Profiles,
 * NewProfile, StartCPUProfile, StopCPUProfile, WriteHeapProfile, labels) and
 * {@link dev.gort.runtime.pprof.Profile}, writing Go's formats (gzipped protobuf, and the
 * {@code debug=1}/{@code debug=2} text forms) that {@code go tool pprof} reads.
 */
package dev.gort.runtime.pprof;
