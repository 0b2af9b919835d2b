package dev.gort.runtime;

/**
 * What {@link GoRuntime#breakpoint()} raises under a debugger, Go's breakpoint trap: the JVM has
 * no instruction a program can execute to stop its debugger, so gort throws this exception and
 * catches it at once. Set a (caught) exception breakpoint on this class in the debugger and every
 * {@code breakpoint()} call stops there, with the caller's frame one up. It never escapes.
 */
public final class BreakpointTrap extends RuntimeException {
    BreakpointTrap() {
        super("runtime.Breakpoint", null, false, false);
    }
}
