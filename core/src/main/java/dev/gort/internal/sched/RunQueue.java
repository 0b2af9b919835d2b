package dev.gort.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P's local run queue: Go's {@code p.runq}/{@code p.runnext} (proc.go runqput, runqget,
 * runqgrab, runqsteal), a fixed ring of 256 goroutines plus a one-slot {@code runnext}.
 *
 * <p>Concurrency: exactly one thread, the queue's <em>owner</em> (the carrier holding the P, or
 * the goroutine mounted on it), calls {@link #put} and {@link #get}; any thread may call
 * {@link #stealInto} or {@link #drainTo}. The owner alone writes {@code tail} (release); consumers
 * advance {@code head} by CAS, so a stealer that copied slots which were consumed meanwhile fails
 * its CAS and retries, never returning a goroutine twice. {@code runnext} is taken by CAS by both
 * sides, so a goroutine placed there is run by exactly one of them.
 *
 * <p>Invariant: {@code 0 <= tail - head <= SIZE}; slots in {@code [head, tail)} hold queued
 * goroutines, each exactly once.
 */
final class RunQueue {
    static final int SIZE = 256;

    private static final VarHandle HEAD, TAIL, RUNNEXT, SLOT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
            SLOT = MethodHandles.arrayElementVarHandle(G[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] ring = new G[SIZE];
    /** Next slot to consume; advanced by CAS (owner and stealers). */
    @SuppressWarnings("unused") private volatile int head;
    /** Next slot to fill; written by the owner only. */
    @SuppressWarnings("unused") private volatile int tail;
    /** The goroutine to run next, ahead of the ring. */
    @SuppressWarnings("unused") private volatile G runnext;

    /**
     * Owner: queue {@code g}. With {@code next}, g goes to runnext and the goroutine it displaces
     * goes to the tail (Go's rule for a goroutine readied by the running one). Returns the
     * goroutines that did not fit (half the ring plus the newcomer), for the global queue; null
     * when everything fitted.
     */
    G[] put(G g, boolean next) {
        if (next) {
            G old = (G) RUNNEXT.getAndSet(this, g);
            if (old == null) return null;
            g = old;
        }
        int t = (int) TAIL.getOpaque(this);
        int h = (int) HEAD.getAcquire(this);
        if (t - h < SIZE) {
            SLOT.setRelease(ring, t & (SIZE - 1), g);
            TAIL.setRelease(this, t + 1);
            return null;
        }
        return overflow(g, h, t);
    }

    /** Owner, ring full: move the older half plus g out (Go's runqputslow). */
    private G[] overflow(G g, int h, int t) {
        int n = (t - h) / 2;
        G[] batch = new G[n + 1];
        for (int i = 0; i < n; i++) batch[i] = (G) SLOT.getAcquire(ring, (h + i) & (SIZE - 1));
        if (!HEAD.compareAndSet(this, h, h + n)) {
            // A stealer took some meanwhile, so there is room now.
            G[] rest = put(g, false);
            return rest;
        }
        batch[n] = g;
        return batch;
    }

    /** Owner: the next goroutine to run, runnext first; null if empty. */
    G get() {
        G next = takeNext();
        return next != null ? next : takeQueued();
    }

    /** Owner: the goroutine in runnext, or null. */
    G takeNext() {
        G next = (G) RUNNEXT.getOpaque(this);
        return next != null && RUNNEXT.compareAndSet(this, next, (G) null) ? next : null;
    }

    /** Owner: the oldest goroutine in the ring (runnext left alone), or null. */
    G takeQueued() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getOpaque(this);
            if (h == t) return null;
            G g = (G) SLOT.getAcquire(ring, h & (SIZE - 1));
            if (HEAD.compareAndSet(this, h, h + 1)) return g;
        }
    }

    /**
     * Any thread: move about half of this queue into {@code dst} (which the caller owns and which
     * is empty) and return one goroutine to run, or null. With {@code takeRunnext}, an empty ring
     * gives up its runnext too (Go does so only as a last resort, so a P that just readied a
     * goroutine gets to run it itself).
     */
    G stealInto(RunQueue dst, boolean takeRunnext) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n <= 0) {
                if (!takeRunnext) return null;
                G next = (G) RUNNEXT.getAcquire(this);
                if (next == null) return null;
                if (RUNNEXT.compareAndSet(this, next, (G) null)) return next;
                continue; // the owner replaced runnext meanwhile: look again, as Go's runqgrab does (never a spurious "empty")
            }
            if (n > SIZE / 2) continue; // inconsistent h/t snapshot: read again
            G first = (G) SLOT.getAcquire(ring, h & (SIZE - 1));
            int dt = (int) TAIL.getOpaque(dst);
            for (int i = 1; i < n; i++) {
                SLOT.setRelease(dst.ring, (dt + i - 1) & (SIZE - 1), SLOT.getAcquire(ring, (h + i) & (SIZE - 1)));
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                TAIL.setRelease(dst, dt + n - 1);
                return first;
            }
        }
    }

    /** Any thread: remove every queued goroutine (runnext included) and hand each to {@code sink}. */
    void drainTo(java.util.function.Consumer<G> sink) {
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        if (next != null) sink.accept(next);
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (h == t) return;
            G g = (G) SLOT.getAcquire(ring, h & (SIZE - 1));
            if (HEAD.compareAndSet(this, h, h + 1)) sink.accept(g);
        }
    }

    /** A racy size, for idle checks and schedtrace. */
    int size() {
        int n = (int) TAIL.getAcquire(this) - (int) HEAD.getAcquire(this);
        return Math.max(0, n) + (RUNNEXT.getAcquire(this) != null ? 1 : 0);
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
