package dev.gort.runtime.trace;

import dev.gort.context.Context;
import dev.gort.internal.tracer.Tracer;

/**
 * Go's {@code runtime/trace.Task}: a logical operation traced as one unit (its events,
 * regions and logs are grouped by {@code go tool trace}). Made by {@link Trace#newTask}.
 */
public final class Task {
    final long id;
    private final Context context;

    Task(long id, Context parent) {
        this.id = id;
        this.context = Context.withValue(parent, Trace.TASK_KEY, this);
    }

    /** {@return Go's {@code ctx} returned by NewTask: {@code parent} with this task as its trace task} */
    public Context context() {
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
