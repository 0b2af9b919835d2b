package dev.gort.runtime.trace;

/**
 * The part of Go's {@code context.Context} that runtime/trace uses: which task the code runs
 * for. Java has no context type in gort yet, so the trace API passes this small value
 * explicitly: {@link #BACKGROUND} (Go's {@code context.Background()}, no task) or a task's
 * {@link Task#context()}. Immutable; pass it down as Go code passes {@code ctx}.
 *
 * @param task the task of this context, or null for none
 */
public record TaskContext(Task task) {
    /** Go's {@code context.Background()}: no task (task id 0 in the trace). */
    public static final TaskContext BACKGROUND = new TaskContext(null);

    long taskId() {
        return task == null ? 0 : task.id;
    }
}
