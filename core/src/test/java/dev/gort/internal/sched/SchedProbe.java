package dev.gort.internal.sched;

/** Observations of scheduler internals for tests in other packages (this test class shares the package). */
public final class SchedProbe {
    private SchedProbe() {}

    /**
     * Whether g is running in native code now, as a blocking read pins its carrier: its status
     * is running and the top frame of its thread is a native method (what a goroutine dump shows
     * as {@code [syscall]}, and what sysmon's hand-off looks for).
     */
    public static boolean inNativeCode(G g) {
        if (g.status != Status.RUNNING) return false;
        StackTraceElement[] stack = g.thread.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod();
    }

    /**
     * Whether sysmon has given a helper P to some carrier blocked in native code (Go's handoffp),
     * and that carrier has not scheduled since (it retires the helper when it does). The helper
     * P itself may already have been dropped by its M for want of work.
     */
    public static boolean syscallHelperGiven() {
        for (Thread t : Sched.carriersSnapshot()) {
            if (t instanceof M m && m.syscallHelper != null) return true;
        }
        return false;
    }
}
