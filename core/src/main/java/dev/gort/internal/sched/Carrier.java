package dev.gort.internal.sched;

/**
 * A platform thread that runs goroutines' continuations: Go's {@code m}. Either a scheduler
 * thread ({@link M}) or a thread dedicated to one goroutine by LockOSThread ({@link LockedThread}).
 */
abstract sealed class Carrier extends Thread permits M, LockedThread {
    /** The goroutine mounted now (Go's {@code m.curg}); read by {@link Sched#currentG}. */
    volatile G curg;
    /** Thread number for schedtrace ({@code M3}): M's and locked threads share one sequence. */
    final int id;

    Carrier(ThreadGroup group, String prefix, int id) {
        super(group, null, prefix + id, 0, false);
        this.id = id;
        setDaemon(true);
    }

    /** Mounts g and runs its continuation until it parks, yields or ends. */
    final void runG(G g) {
        curg = g;
        g.m = this;
        g.status = Status.RUNNING;
        try {
            g.task.run();
        } finally {
            g.m = null;
            curg = null;
        }
    }
}
