package dev.gort.runtime.trace;

import dev.gort.internal.tracer.Tracer;

/**
 * Go's {@code runtime/trace.Region}: a time interval in one goroutine, from
 * {@link Trace#startRegion} to {@link #end}, which must be called on the same goroutine
 * (regions nest). A region started while not tracing records nothing, as Go's no-op region.
 */
public final class Region {
    private final long taskId;
    private final String type;
    private final boolean recorded;

    Region(long taskId, String type, boolean recorded) {
        this.taskId = taskId;
        this.type = type;
        this.recorded = recorded;
    }

    /** Go's {@code Region.End}. */
    public void end() {
        if (recorded) Tracer.userRegion(taskId, 1, type);
    }
}
