package dev.gort.runtime;

/**
 * Go's {@code runtime.StackRecord}: one stack of a goroutine or thread-creation profile, as PCs
 * (gort's symbolic PCs, innermost first; {@link GoRuntime#callersFrames} resolves them).
 *
 * @param stack the PCs, innermost first
 */
public record StackRecord(long[] stack) {
    /** A record holding its own copy of {@code stack}. */
    public StackRecord {
        stack = stack.clone();
    }

    /** {@return Go's {@code StackRecord.Stack}: the PCs (a copy)} */
    @Override
    public long[] stack() {
        return stack.clone();
    }
}
