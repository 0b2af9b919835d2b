/**
 * Micrometer support: {@link dev.gort.micrometer.GoRuntimeMetrics} publishes gort's
 * {@code runtime/metrics} to a {@code MeterRegistry}, each metric under its Go name.
 */
package dev.gort.micrometer;
