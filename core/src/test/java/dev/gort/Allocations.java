package dev.gort;

import java.lang.management.ManagementFactory;

/** Bytes the calling thread allocates while running an action (HotSpot's per-thread counter). */
final class Allocations {
    private Allocations() {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long measure(Runnable action) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        action.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
