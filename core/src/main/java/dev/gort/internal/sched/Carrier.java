package dev.gort.internal.sched;

/**
 * A platform thread that runs goroutines' continuations: Go's {@code m}. Either a scheduler
 * thread ({@link M}) or a thread dedicated to one goroutine by LockOSThread ({@link LockedThread}).
 */
abstract sealed class Carrier extends Thread permits M, LockedThread {
    /** The goroutine mounted now (Go's {@code m.curg}); read by {@link Sched#currentG}. */
    volatile G curg;

    Carrier(ThreadGroup group, String name) {
        super(group, null, name, 0, false);
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
