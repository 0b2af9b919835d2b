package dev.gort.internal.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * Access to the JDK-internal pieces gort's scheduler needs (present in JDK 21 to 25, not API):
 * {@code ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)}, which builds a virtual
 * thread on a scheduler of our own (what {@code VirtualThreadBuilder(Executor).unstarted} calls,
 * without a builder per goroutine), and {@code Thread.currentCarrierThread()}, which tells a mounted virtual
 * thread which carrier runs it. Both need {@code --add-opens java.base/java.lang}; without it gort
 * falls back to the JDK's scheduler and {@link #UNAVAILABLE} says why.
 */
final class VirtualThreads {
    private VirtualThreads() {}

    private static final MethodHandle NEW_THREAD;
    private static final MethodHandle CURRENT_CARRIER;
    /** Why the custom scheduler cannot be used, or null when it can. */
    static final String UNAVAILABLE;

    static {
        MethodHandle nb = null, cc = null;
        String why = null;
        try {
            if (Boolean.getBoolean("gort.defaultScheduler")) throw new IllegalStateException("-Dgort.defaultScheduler=true");
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            nb = lookup.findStatic(builders, "newVirtualThread",
                    MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            cc = lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (Throwable e) {
            nb = cc = null;
            why = e.toString();
        }
        NEW_THREAD = nb;
        CURRENT_CARRIER = cc;
        UNAVAILABLE = why;
    }

    /**
     * An unstarted virtual thread scheduled by {@code g}, unnamed, with the builder's defaults
     * (characteristics 0: inheritable thread locals inherited); on the JDK's scheduler in fallback mode.
     */
    static Thread newThread(G g, Runnable body) {
        if (NEW_THREAD == null) return Thread.ofVirtual().unstarted(body);
        try {
            return (Thread) NEW_THREAD.invokeExact((Executor) g, (String) null, 0, body);
        } catch (Throwable e) {
            throw new IllegalStateException("gort: cannot build a virtual thread", e);
        }
    }

    /** The carrier of the current thread (the thread itself if it is a platform thread). */
    static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
