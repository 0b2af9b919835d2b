package dev.gort.sync;

/**
 * Go's {@code sync.Locker}: an object that can be locked and unlocked ({@link Mutex},
 * {@link RWMutex}, {@link RWMutex#rLocker()}).
 */
public interface Locker {
    /** Go's {@code Lock}. */
    void lock();

    /** Go's {@code Unlock}. */
    void unlock();
}
