package dev.gort.context;

/**
 * A {@link Context} with its cancel function: the pair {@code ctx, cancel} that Go's
 * {@code context.WithCancel}, {@code WithDeadline} and {@code WithTimeout} return.
 */
public interface CancelContext extends Context {
    /**
     * Go's {@code CancelFunc}: cancels this context and its descendants with
     * {@link Context#CANCELED} and releases its resources (timer, place in the parent). After the
     * first call, later calls do nothing. Safe to call from any goroutine or thread.
     */
    void cancel();
}
