package dev.gort.runtime;

/**
 * Go's {@code runtime.MemProfileRecord}: the allocations sampled at one stack and how much of them
 * is still in use. gort's figures are estimates already scaled to the whole program (JFR samples
 * allocations by time, not by bytes; docs/mapping.md), where Go's are the raw sampled counts.
 *
 * @param allocBytes   bytes allocated
 * @param freeBytes    bytes freed
 * @param allocObjects objects allocated (samples kept: JFR reports no object counts)
 * @param freeObjects  objects freed
 * @param stack        the allocating stack, PCs innermost first
 */
public record MemProfileRecord(long allocBytes, long freeBytes, long allocObjects, long freeObjects, long[] stack) {
    /** A record holding its own copy of {@code stack}. */
    public MemProfileRecord {
        stack = stack.clone();
    }

    /** {@return Go's {@code InUseBytes}: allocBytes - freeBytes} */
    public long inUseBytes() {
        return allocBytes - freeBytes;
    }

    /** {@return Go's {@code InUseObjects}: allocObjects - freeObjects} */
    public long inUseObjects() {
        return allocObjects - freeObjects;
    }

    /** {@return Go's {@code MemProfileRecord.Stack}: the PCs (a copy)} */
    @Override
    public long[] stack() {
        return stack.clone();
    }
}
