/**
 * The runtime-backed part of Go's package {@code time}: {@link dev.gort.time.Time#sleep},
 * {@link dev.gort.time.Time#after}, {@link dev.gort.time.Time#afterFunc},
 * {@link dev.gort.time.Time#newTimer}, {@link dev.gort.time.Time#newTicker} and
 * {@link dev.gort.time.Time#tick}, with {@link dev.gort.time.Timer} and {@link dev.gort.time.Ticker}.
 * Timers follow Go 1.23's rules (unbuffered-looking channels, no stale values after Stop or
 * Reset, collectable when unreferenced) and live on one runtime timer heap, so a pending timer
 * costs no thread and keeps the deadlock detector quiet, as in Go. Durations and instants are
 * {@link java.time.Duration} and {@link java.time.Instant}.
 */
package dev.gort.time;
