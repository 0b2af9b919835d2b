package dev.gort.runtime.metrics;

/**
 * Go's {@code metrics.Description}: a metric's name ({@code /path:unit}, Go's syntax), what it
 * measures in gort, its kind, and whether it only grows ({@code cumulative}). A metric with kind
 * {@link ValueKind#BAD} is one of Go's that gort cannot measure on the JVM; its description says why.
 *
 * @param name the metric's name, {@code /path:unit}
 * @param description what it measures in gort, or why gort cannot
 * @param kind the kind of its value; {@link ValueKind#BAD} when not measured
 * @param cumulative whether it only grows
 */
public record Description(String name, String description, ValueKind kind, boolean cumulative) {}
