package dev.gort.runtime;

import dev.gort.Go;
import dev.gort.internal.panics.Crash;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's finalizers (mfinal.go) on phantom references.
 *
 * <h2>Design</h2>
 * {@code setFinalizer(obj, f)} registers a {@link Ref}, a {@link PhantomReference} to obj holding f,
 * in {@link #registry} (keyed by obj's identity hash; a reference must itself stay reachable to be
 * enqueued). When the collector finds obj unreachable, the JDK's Reference Handler enqueues the
 * Ref on {@link #QUEUE}. A platform daemon thread, the <em>waker</em> (Go's GC calling
 * {@code queuefinalizer}/{@code wakefing}), moves it to {@link #ready} and readies the
 * <em>finalizer goroutine</em>, which runs finalizers one at a time, in the order they became
 * ready, and parks with wait reason {@code finalizer wait} when there is none — Go's
 * {@code runfinq} goroutine. Both are created on the first setFinalizer.
 *
 * <p>Differences (docs/mapping.md): the finalizer is a {@code Runnable} and does not receive obj:
 * a phantom reference never yields its referent, so an object cannot be resurrected; the Runnable
 * must not capture obj (it would keep it reachable for ever). Objects that reference each other
 * are finalized in no particular order (Go runs A's finalizer first when A points to B); cycles are
 * collected and finalized (Go does not guarantee that).
 *
 * <h2>Locking</h2>
 * {@link #LOCK} guards {@link #registry}, {@link #ready}, {@link #fing} and {@link #fingWait}.
 * Park/ready follows the scheduler's contract: the finalizer goroutine sets {@code fingWait}
 * under the lock, releases it, then parks; the waker clears {@code fingWait} under the lock and
 * calls goready once.
 */
final class Finalizers {
    private Finalizers() {}

    /** A registered finalizer: a phantom reference to the object and the function to run. */
    private static final class Ref extends PhantomReference<Object> {
        final int hash;
        final Runnable fn;

        Ref(Object obj, Runnable fn) {
            super(obj, QUEUE);
            this.hash = System.identityHashCode(obj);
            this.fn = fn;
        }
    }

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    private static final Object LOCK = new Object();
    /** Live registrations by identity hash (a list: hashes collide). */
    private static final Map<Integer, List<Ref>> registry = new HashMap<>();
    /** Finalizers whose objects died, oldest first. */
    private static final ArrayDeque<Ref> ready = new ArrayDeque<>();
    /** The finalizer goroutine, once started. */
    private static G fing;
    /** True while the finalizer goroutine is (about to be) parked in gopark. */
    private static boolean fingWait;

    /** runtime.SetFinalizer. */
    static void set(Object obj, Runnable fn) {
        if (obj == null) Crash.fatalThrow("runtime.SetFinalizer: first argument is nil");
        synchronized (LOCK) {
            List<Ref> refs = registry.get(System.identityHashCode(obj));
            Ref existing = null;
            if (refs != null) for (Ref r : refs) if (r.refersTo(obj)) existing = r;
            if (fn == null) {
                if (existing != null) {
                    refs.remove(existing);
                    if (refs.isEmpty()) registry.remove(existing.hash);
                    existing.clear();
                }
                return;
            }
            if (existing != null) {
                Crash.fatalThrow("runtime.SetFinalizer: finalizer already set");
            }
            Ref r = new Ref(obj, fn);
            registry.computeIfAbsent(r.hash, h -> new ArrayList<>(1)).add(r);
            if (fing == null) start();
        }
    }

    /** Starts the waker thread and the finalizer goroutine (Go's createfing). Called under LOCK. */
    private static void start() {
        fing = Sched.newproc(0, Finalizers::runfinq, null, true);
        // A runtime thread: the deadlock detector must not take it for a program thread that may
        // wake a goroutine (it only passes on what a collection found dead, as Go's GC does).
        Sched.startRuntimeThread("gort-finalizer-wake", Finalizers::wake);
    }

    /** The waker: hands each dead object's finalizer to the finalizer goroutine. */
    private static void wake() {
        for (;;) {
            Ref r;
            try {
                r = (Ref) QUEUE.remove();
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose; keep serving finalizers
            }
            boolean wakeFing = false;
            synchronized (LOCK) {
                List<Ref> refs = registry.get(r.hash);
                if (refs == null || !refs.remove(r)) continue; // cleared by setFinalizer(obj, null)
                if (refs.isEmpty()) registry.remove(r.hash);
                ready.add(r);
                if (fingWait) {
                    fingWait = false;
                    wakeFing = true;
                }
            }
            if (wakeFing) Sched.goready(fing);
        }
    }

    /** Go's runfinq: the finalizer goroutine's body. A finalizer that panics ends the program. */
    private static void runfinq() {
        for (;;) {
            Ref r;
            synchronized (LOCK) {
                r = ready.poll();
                if (r == null) fingWait = true;
            }
            if (r == null) {
                Sched.gopark(WaitReason.FINALIZER_WAIT);
                continue;
            }
            try {
                Go.func(r.fn::run);
            } catch (Throwable t) {
                Crash.fatalPanic(Sched.currentG(), t);
            }
        }
    }
}
