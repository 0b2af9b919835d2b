package dev.gort.internal.sema;

import dev.gort.internal.prof.BlockProf;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime semaphore: Go's semacquire/semrelease (runtime/sema.go), the sleep and wake-up
 * primitive under package sync.
 *
 * <h2>Design</h2>
 * Go keys its semaphores by the address of a {@code uint32} and keeps the waiters of all addresses
 * hashing to one of 251 roots in a treap. Java has no addresses, so a semaphore is an object: its
 * {@link #count} is Go's {@code *addr}, and its own FIFO of {@link Waiter}s (Go's sudogs) is the
 * treap node's wait list. Semantics are Go's:
 * <ul>
 * <li>{@link #acquire} takes a unit with a CAS when the count is positive; otherwise it queues
 *     itself (at the tail, or at the head when {@code lifo}: sync.Mutex puts a waiter that has
 *     already waited once in front), parks with its wait reason, and on wake-up either owns the
 *     unit handed to it or competes for the count again, re-queueing if it loses.</li>
 * <li>{@link #release} adds a unit and wakes the first waiter. With {@code handoff} (sync.Mutex
 *     in starvation mode) the releaser takes the unit on the waiter's behalf and hands it over
 *     ({@link Waiter#ticket}), then yields so the woken goroutine, placed in the releasing P's
 *     runnext by goready, runs at once.</li>
 * </ul>
 *
 * <h2>Invariants and lock order</h2>
 * The queue ({@link #head}, {@link #tail}) is guarded by this object's monitor (Go's root.lock),
 * a leaf lock: nothing is called while it is held but the queue operations, and never gopark,
 * goready or a profiling hook. {@link #nwait} equals the queue length plus the waiters that are
 * between incrementing it and queueing or backing out, all under the monitor; it is read without
 * the monitor by the releaser only after it has added to the count, and the waiter increments it
 * before its last look at the count, so one of the two always sees the other (no lost wake-up).
 * A waiter is dequeued by exactly one releaser, which calls goready for it exactly once
 * (the scheduler's park/ready contract).
 *
 * <h2>Profiling</h2>
 * As in Go: a waiter asking for {@link #BLOCK_PROFILE} measures from its first attempt to its
 * wake-up and reports a block event; one asking for {@link #MUTEX_PROFILE} records when it
 * became the head of the queue, and the releaser that wakes it reports that delay as a mutex
 * contention event with its own (the unlocker's) stack.
 *
 * <h2>Mutex wait time</h2>
 * A waiter whose reason is a mutex wait ({@link WaitReason#isMutexWait}) is stamped each time it
 * queues; the releaser that dequeues it adds the time since then to {@link #mutexWaitNanos()}:
 * Go's {@code /sync/mutex/wait/total:seconds}, from blocking to being readied. Every wait is
 * timed (Go samples one in eight): the clock is read only on a path that parks anyway.
 */
public final class Sema {
    /** Go's semaBlockProfile: report the wait to the block profile. */
    public static final int BLOCK_PROFILE = 1;
    /** Go's semaMutexProfile: report the head waiter's delay to the mutex profile on release. */
    public static final int MUTEX_PROFILE = 2;

    /** Go's {@code *addr}: units available. Only changed by CAS or atomic add. */
    private volatile int count;
    /** Waiters queued or about to queue (Go's root.nwait); see the class comment. */
    private volatile int nwait;
    /** The queue, oldest (or LIFO-preferred) first; guarded by {@code this}. */
    private Waiter head, tail;

    private static final VarHandle COUNT, NWAIT;
    /** Nanoseconds goroutines have spent queued on mutex waits, summed at each wake-up. */
    private static final LongAdder MUTEX_WAIT_NANOS = new LongAdder();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Sema.class, "count", int.class);
            NWAIT = l.findVarHandle(Sema.class, "nwait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A semaphore with no units: the first acquire blocks until a release. */
    public Sema() {}

    /** A blocked acquirer: Go's sudog for a semaphore. */
    private static final class Waiter {
        final G g;
        Waiter next;
        /** Set by a handing-off releaser before goready: the unit is already this waiter's. */
        boolean ticket;
        /** When this waiter became the queue's head (mutex profile), or 0. */
        long acquireTime;
        /** -1 while a block event is wanted; the releaser stamps the wake-up time over it. */
        long releaseTime;
        /** When this mutex waiter last queued (System.nanoTime), or 0; set before it is queued. */
        long queuedAt;

        Waiter(G g) {
            this.g = g;
        }
    }

    /** Go's cansemacquire: takes a unit if one is there, without blocking. */
    public boolean tryAcquire() {
        for (;;) {
            int v = count;
            if (v == 0) return false;
            if (COUNT.compareAndSet(this, v, v - 1)) return true;
        }
    }

    /**
     * Go's semacquire1: waits until a unit is available and takes it, parking the caller with
     * {@code reason}. {@code lifo} queues at the head (a waiter that has waited before);
     * {@code profile} is a mask of {@link #BLOCK_PROFILE} and {@link #MUTEX_PROFILE}.
     */
    public void acquire(boolean lifo, int profile, WaitReason reason) {
        if (tryAcquire()) return;
        Waiter s = new Waiter(Sched.currentG());
        long t0 = 0;
        if ((profile & BLOCK_PROFILE) != 0 && BlockProf.blockProfileRate() > 0) {
            t0 = BlockProf.cputicks();
            s.releaseTime = -1;
        }
        if ((profile & MUTEX_PROFILE) != 0 && BlockProf.mutexProfileFraction() > 0) {
            if (t0 == 0) t0 = BlockProf.cputicks();
            s.acquireTime = t0;
        }
        boolean mutexWait = reason.isMutexWait();
        for (;;) {
            long now = mutexWait ? System.nanoTime() : 0;
            synchronized (this) {
                NWAIT.getAndAdd(this, 1);
                if (tryAcquire()) {
                    NWAIT.getAndAdd(this, -1);
                    break;
                }
                s.queuedAt = now;
                enqueue(s, lifo);
            }
            Sched.gopark(reason);
            if (s.ticket || tryAcquire()) break;
        }
        if (s.releaseTime > 0) BlockProf.blockEvent(s.releaseTime - t0);
    }

    /**
     * Go's semrelease1: adds a unit and wakes one waiter. With {@code handoff} the unit goes
     * straight to the woken waiter (if the count still holds it) and the caller yields to it.
     */
    public void release(boolean handoff) {
        COUNT.getAndAdd(this, 1);
        if (nwait == 0) return; // read after the add: see the class comment
        Waiter s;
        long now;
        synchronized (this) {
            if (nwait == 0) return; // another acquirer took the unit
            s = dequeue();
            now = s.acquireTime != 0 ? BlockProf.cputicks() : 0;
            if (s.acquireTime != 0 && head != null) head.acquireTime = now;
            NWAIT.getAndAdd(this, -1);
        }
        if (s.acquireTime != 0) BlockProf.mutexEvent(now - s.acquireTime);
        if (s.queuedAt != 0) MUTEX_WAIT_NANOS.add(System.nanoTime() - s.queuedAt);
        if (handoff && tryAcquire()) s.ticket = true;
        if (s.releaseTime != 0) s.releaseTime = BlockProf.cputicks();
        boolean yield = s.ticket;
        Sched.goready(s.g);
        if (yield) Sched.gosched(); // the woken waiter inherits the rest of our turn
    }

    /** Go's sched.totalMutexWaitTime: nanoseconds goroutines have waited on sync.Mutex and sync.RWMutex. */
    public static long mutexWaitNanos() {
        return MUTEX_WAIT_NANOS.sum();
    }

    /** Waiters queued now (for tests and diagnostics). */
    public int waiters() {
        return nwait;
    }

    private void enqueue(Waiter s, boolean lifo) {
        s.next = null;
        if (head == null) {
            head = tail = s;
        } else if (lifo) {
            // Go substitutes s for the head, which keeps its place (and its time at the head).
            s.acquireTime = head.acquireTime;
            s.next = head;
            head = s;
        } else {
            tail.next = s;
            tail = s;
        }
    }

    /** Removes the head; the caller holds the monitor and has seen nwait &gt; 0 (so the queue is not empty). */
    private Waiter dequeue() {
        Waiter s = head;
        head = s.next;
        if (head == null) tail = null;
        s.next = null;
        return s;
    }
}
