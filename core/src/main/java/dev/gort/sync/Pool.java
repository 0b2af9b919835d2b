package dev.gort.sync;

import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Pool}: a set of temporary objects that may be individually saved and
 * retrieved, to reuse allocations between unrelated goroutines; anything in the pool may be
 * dropped at any time without notice.
 *
 * <h2>Design (Go's sync/pool.go)</h2>
 * Each P has a {@link Local}: a private slot, used by the goroutine running on that P alone in
 * the common case, and a shared deque, pushed and popped at its head by the owner and stolen from
 * at its tail by other P's. {@link #get} tries the own private slot, the own deque, the other
 * P's deques, then the victim cache, and finally {@link #Pool(Supplier) New}. Go pins the
 * goroutine to its P while it does so; gort's goroutines are never pre-empted, but a plain Java
 * thread holds no P and is given a slot by its thread id, so slots are shared at times: the
 * private slot is therefore taken with an atomic swap and the deque is concurrent, and sharing
 * costs locality, never correctness.
 *
 * <h2>Garbage collection</h2>
 * As in Go, at every collection (each one gort counts in {@code NumGC}) the pool's objects move
 * to a victim cache and the previous victims are dropped: an object put and never taken survives
 * one collection in the pool and is released at the second. The hook runs on the JVM's GC
 * notification thread after the collection rather than inside it, so a put racing with it may
 * land in the new victim cache; that only shortens the object's stay. A pool is registered with
 * the hook weakly, so a pool the program drops is itself collected.
 *
 * @param <T> element type
 */
public final class Pool<T> {
    /** Every live pool, for the collection hook (Go's {@code allPools}, held weakly here). */
    private static final List<WeakReference<Pool<?>>> ALL = new CopyOnWriteArrayList<>();

    static {
        GcEvents.onCycle(Pool::cleanup);
    }

    /** One P's cache (Go's {@code poolLocal}). */
    private static final class Local {
        /** Used by the owner P first; swapped atomically (see the class comment). */
        volatile Object priv;
        /** Owner pushes and pops at the head; other P's steal at the tail. */
        final ConcurrentLinkedDeque<Object> shared = new ConcurrentLinkedDeque<>();
    }

    private static final VarHandle PRIV;
    private static final VarHandle VICTIM;

    static {
        try {
            PRIV = MethodHandles.lookup().findVarHandle(Local.class, "priv", Object.class);
            VICTIM = MethodHandles.lookup().findVarHandle(Pool.class, "victim", Local[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's {@code New}: makes a value when the pool is empty; may be null. */
    private final Supplier<? extends T> newFn;
    /** Per-P caches, indexed by P id; null after a collection until the next put. */
    private volatile Local[] local;
    /** Last cycle's caches (Go's {@code victim}); null when dropped or drained. */
    private volatile Local[] victim;

    /** A pool whose {@link #get} returns null when empty (Go's Pool with a nil {@code New}). */
    public Pool() {
        this(null);
    }

    /**
     * A pool whose {@link #get} calls newFn when empty (Go's {@code Pool{New: newFn}}).
     *
     * @param newFn makes a value when the pool is empty; may be null
     */
    public Pool(Supplier<? extends T> newFn) {
        this.newFn = newFn;
        ALL.add(new WeakReference<>(this));
    }

    /**
     * Go's {@code Put(x)}: adds x to the pool; a null x is ignored.
     *
     * @param x the value to add
     */
    public void put(T x) {
        if (x == null) return;
        Local l = pin();
        if (!PRIV.compareAndSet(l, (Object) null, (Object) x)) l.shared.addFirst(x);
    }

    /**
     * Go's {@code Get()}: removes some object from the pool and returns it, or, when the pool is
     * empty, the result of New (null without one). Callers must not assume any relation between
     * what they put and what they get.
     *
     * @return a pooled value, else newFn's, else null
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Local l = pin();
        Object x = PRIV.getAndSet(l, (Object) null);
        if (x == null) x = l.shared.pollFirst();
        if (x == null) x = getSlow(l);
        if (x == null && newFn != null) return newFn.get();
        return (T) x;
    }

    /** Steals from the other P's, then tries the victim cache (Go's {@code getSlow}). */
    private Object getSlow(Local mine) {
        Local[] ls = local;
        if (ls != null) {
            for (Local l : ls) {
                if (l == mine) continue;
                Object x = l.shared.pollLast();
                if (x != null) return x;
            }
        }
        Local[] vs = victim;
        if (vs == null) return null;
        for (Local v : vs) {
            Object x = PRIV.getAndSet(v, (Object) null);
            if (x == null) x = v.shared.pollLast();
            if (x != null) return x;
        }
        VICTIM.compareAndSet(this, vs, (Local[]) null); // empty: later misses skip it (Go sets victimSize to 0)
        return null;
    }

    /** The current P's cache, making the array (GOMAXPROCS wide) when missing or too small. */
    private Local pin() {
        int pid = Sched.currentPid();
        Local[] ls = local;
        if (ls == null || pid >= ls.length) ls = pinSlow(pid);
        if (pid < 0) pid = (int) (Thread.currentThread().threadId() % ls.length);
        return ls[pid];
    }

    private synchronized Local[] pinSlow(int pid) {
        Local[] ls = local;
        if (ls != null && pid < ls.length) return ls;
        // Go drops the old array too when GOMAXPROCS has grown; its objects are simply garbage.
        ls = new Local[Math.max(pid + 1, Sched.gomaxprocs())];
        for (int i = 0; i < ls.length; i++) ls[i] = new Local();
        local = ls;
        return ls;
    }

    /** Go's {@code poolCleanup}: this cycle's caches become the victims; last cycle's are dropped. */
    private static void cleanup() {
        ALL.removeIf(ref -> {
            Pool<?> p = ref.get();
            if (p == null) return true;
            p.victim = p.local;
            p.local = null;
            return false;
        });
    }
}
