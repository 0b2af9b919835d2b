/**
 * Go's {@code runtime/metrics}: the runtime's measurements under Go 1.21's names, read from gort's
 * scheduler, semaphores, GC notifications and the JVM's memory pools
 * ({@link dev.gort.runtime.metrics.Metrics}).
 */
package dev.gort.runtime.metrics;
