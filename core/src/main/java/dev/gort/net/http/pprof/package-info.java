/**
 * Go's package {@code net/http/pprof}: {@link dev.gort.net.http.pprof.PprofServer} serves the
 * {@code /debug/pprof/} endpoints, with Go's paths, parameters and errors.
 */
package dev.gort.net.http.pprof;
