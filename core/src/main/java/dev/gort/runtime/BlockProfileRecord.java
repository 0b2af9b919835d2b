package dev.gort.runtime;

import java.util.List;

/**
 * Go's {@code runtime.BlockProfileRecord}: the blocking events (block profile) or contention
 * events (mutex profile) recorded at one call stack.
 *
 * <p>Go keeps the stack as program counters ({@code StackRecord.Stack0}); gort keeps the frames
 * themselves, innermost first, with the runtime's internal frames dropped as Go drops its own
 * (docs/mapping.md). Cycles are nanoseconds: gort's cycle counter ticks 10<sup>9</sup> times a
 * second.
 *
 * @param count  Go's {@code Count}: events, bias-corrected for sampled short events as Go does
 * @param cycles Go's {@code Cycles}: total time blocked (block) or waited for the lock (mutex), in ns
 * @param stack  the call stack, innermost frame first, at most 32 frames
 */
public record BlockProfileRecord(long count, long cycles, List<StackTraceElement> stack) {
    /** A record holding its own copy of {@code stack}. */
    public BlockProfileRecord {
        stack = List.copyOf(stack);
    }
}
