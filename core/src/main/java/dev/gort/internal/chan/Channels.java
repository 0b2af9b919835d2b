package dev.gort.internal.chan;

import dev.gort.Chan;

/**
 * The runtime's way into {@link Chan} (the JDK's SharedSecrets pattern): other runtime packages
 * (timers) build channels around a special {@link HChan} without {@code Chan} exposing its core
 * in its public API.
 */
public final class Channels {
    private Channels() {}

    /** Implemented by {@code Chan} in its static initialiser. */
    public interface Access {
        Chan<?> wrap(HChan c);
    }

    private static volatile Access access;

    public static void setAccess(Access a) {
        access = a;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            Chan.nil(); // runs Chan's static initialiser
            a = access;
        }
        return a;
    }

    /** A channel around {@code c}. */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> wrap(HChan c) {
        return (Chan<T>) access().wrap(c);
    }
}
