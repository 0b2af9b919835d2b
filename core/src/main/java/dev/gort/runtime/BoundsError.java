package dev.gort.runtime;

/** Go's {@code runtime.boundsError}: {@code runtime error: index out of range [i] with length n}. */
public final class BoundsError extends RuntimeErrorException {
    /** The index that was out of range. */
    private final long index;
    /** The length of the array or string indexed. */
    private final long length;

    /**
     * The error for index {@code index} of something {@code length} long.
     *
     * @param index the index that was out of range
     * @param length the length of what was indexed
     * @param cause the JVM exception this error stands for, or null
     */
    public BoundsError(long index, long length, Throwable cause) {
        super("runtime error: index out of range [" + index + "] with length " + length, cause);
        this.index = index;
        this.length = length;
    }

    /** {@return the index that was out of range} */
    public long index() {
        return index;
    }

    /** {@return the length of what was indexed} */
    public long length() {
        return length;
    }
}
