package dev.gort.sync;

import dev.gort.internal.panics.Crash;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.sema.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.RWMutex}: a reader/writer mutual exclusion lock, held by any number of readers
 * or by one writer. A new RWMutex is unlocked. As in Go, a goroutine blocked in {@link #lock}
 * keeps new readers out until it has had the lock (no writer starvation), so a reader must not
 * take the read lock recursively. Locks are not tied to goroutines. {@link #rUnlock} without a
 * read lock and {@link #unlock} without the write lock are fatal errors
 * ({@code fatal error: sync: RUnlock of unlocked RWMutex},
 * {@code fatal error: sync: Unlock of unlocked RWMutex}).
 *
 * <h2>Design (Go's algorithm, sync/rwmutex.go)</h2>
 * Writers exclude each other with the {@link Mutex} {@link #w}. {@link #readerCount} counts the
 * readers holding or waiting for the lock; a writer announces itself by subtracting
 * {@link #MAX_READERS}, which turns the count negative, so an arriving reader sees the pending
 * writer with the same atomic add that registers it and parks on {@link #readerSem}.
 * {@link #readerWait} counts the readers the writer must still wait for (those that held the
 * lock when it announced itself); the last of them to leave wakes the writer through
 * {@link #writerSem}. Unlock adds {@link #MAX_READERS} back and releases every reader that
 * arrived meanwhile.
 */
public final class RWMutex implements Locker {
    /** Go's rwmutexMaxReaders: more concurrent readers than this are not supported. */
    static final int MAX_READERS = 1 << 30;

    /** Held by a pending or active writer. */
    private final Mutex w = new Mutex();
    /** Where a writer waits for the readers that were active when it arrived. */
    private final Sema writerSem = new Sema();
    /** Where readers wait for a pending or active writer. */
    private final Sema readerSem = new Sema();
    /** Readers holding or waiting; minus MAX_READERS while a writer is pending or active. Atomic add only. */
    private volatile int readerCount;
    /** Departing readers the pending writer still waits for. Atomic add only. */
    private volatile int readerWait;

    private static final VarHandle READER_COUNT, READER_WAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A new, unlocked RWMutex (Go's zero value). */
    public RWMutex() {}

    /** Go's {@code RWMutex.RLock}: locks for reading; blocks while a writer holds or waits for the lock. */
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            // A writer is pending: wait for it.
            readerSem.acquire(false, Sema.BLOCK_PROFILE | Sema.MUTEX_PROFILE, WaitReason.SYNC_RWMUTEX_RLOCK);
        }
    }

    /** {@return Go's {@code RWMutex.TryRLock}: locks for reading if no writer holds or waits for the lock} */
    public boolean tryRLock() {
        for (;;) {
            int c = readerCount;
            if (c < 0) return false;
            if (READER_COUNT.compareAndSet(this, c, c + 1)) return true;
        }
    }

    /** Go's {@code RWMutex.RUnlock}: undoes one rLock; a fatal error if no read lock is held. */
    public void rUnlock() {
        int r = (int) READER_COUNT.getAndAdd(this, -1) - 1;
        if (r < 0) rUnlockSlow(r);
    }

    private void rUnlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) Crash.fatalThrow("sync: RUnlock of unlocked RWMutex");
        // A writer is pending; the last reader it waits for wakes it.
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) writerSem.release(false);
    }

    /** Go's {@code RWMutex.Lock}: locks for writing, blocking until no reader or writer holds it. */
    @Override
    public void lock() {
        w.lock();
        // Announce the writer to readers, and count those active now.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem.acquire(false, Sema.BLOCK_PROFILE | Sema.MUTEX_PROFILE, WaitReason.SYNC_RWMUTEX_LOCK);
        }
    }

    /** {@return Go's {@code RWMutex.TryLock}: locks for writing if nobody holds the lock, without blocking} */
    public boolean tryLock() {
        if (!w.tryLock()) return false;
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /** Go's {@code RWMutex.Unlock}: unlocks for writing; a fatal error if not locked for writing. */
    @Override
    public void unlock() {
        // Announce to readers that there is no active writer.
        int r = (int) READER_COUNT.getAndAdd(this, MAX_READERS) + MAX_READERS;
        if (r >= MAX_READERS) Crash.fatalThrow("sync: Unlock of unlocked RWMutex");
        for (int i = 0; i < r; i++) readerSem.release(false); // the readers that arrived meanwhile
        w.unlock();
    }

    /** {@return Go's {@code RWMutex.RLocker}: a {@link Locker} whose lock and unlock are rLock and rUnlock} */
    public Locker rLocker() {
        return new Locker() {
            @Override
            public void lock() {
                rLock();
            }

            @Override
            public void unlock() {
                rUnlock();
            }
        };
    }
}
