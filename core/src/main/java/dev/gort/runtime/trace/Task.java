package dev.gort.runtime.trace;

import dev.gort.internal.tracer.Tracer;

/**
 * Go's {@code runtime/trace.Task}: a logical operation traced as one unit (its events,
 * regions and logs are grouped by {@code go tool trace}). Made by {@link Trace#newTask}.
 */
public final class Task {
    final long id;
    private final TaskContext context = new TaskContext(this);

    Task(long id) {
        this.id = id;
    }

    /** Go's {@code ctx} returned by NewTask: the context that carries this task. */
    public TaskContext context() {
        return context;
    }

    /** Go's {@code Task.End}: marks the end of the operation. */
    public void end() {
        Tracer.userTaskEnd(id);
    }

    @Override
    public String toString() {
        return "task " + id;
    }
}
