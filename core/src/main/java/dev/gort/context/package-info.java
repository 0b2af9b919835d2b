/**
 * Go's package {@code context}: deadlines, cancellation signals and request-scoped values carried
 * across goroutines, on gort's channels and runtime timers. Start from {@link
 * dev.gort.context.Context#background()}.
 */
package dev.gort.context;
