package dev.gort.runtime;

/** Go's {@code runtime.boundsError}: {@code runtime error: index out of range [i] with length n}. */
public final class BoundsError extends RuntimeErrorException {
    private final long index;
    private final long length;

    public BoundsError(long index, long length, Throwable cause) {
        super("runtime error: index out of range [" + index + "] with length " + length, cause);
        this.index = index;
        this.length = length;
    }

    public long index() {
        return index;
    }

    public long length() {
        return length;
    }
}
