package dev.gort.context;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.RecvChan;
import dev.gort.Select;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Go's cancelCtx (context.go): a context that can be canceled, and the node of the cancellation
 * tree.
 *
 * <h2>Design</h2>
 * A child registers in its nearest cancelable ancestor's {@link #children} set when it is
 * created ({@link #propagateCancel}); canceling a node closes its done channel and cancels every
 * child, depth first, while holding its own lock; a child canceled on its own removes itself from
 * its parent's set, so a long-lived parent does not keep dead children. When the parent is a
 * context of another implementation, a goroutine waits on both done channels instead (Go's
 * fallback), the only case that costs a goroutine.
 *
 * <p>The done channel is made on first demand: a context canceled before anyone asked for it
 * shares one closed channel ({@link #CLOSED}), as Go shares {@code closedchan}.
 *
 * <h2>Locks</h2>
 * Each node's monitor guards {@link #done}'s creation, {@link #children}, {@link #err} and
 * {@link #cause}. Order: parent before child (cancel holds the parent's while it cancels the
 * children; registration holds the parent's while it may cancel the new child). {@link #err} and
 * {@link #done} are volatile so that the common reads take no lock.
 */
class CancelCtx implements CancelCauseContext {
    /** Go's {@code closedchan}: the done channel of a context canceled before anyone asked for one. */
    private static final Chan<Void> CLOSED = new Chan<>();

    static {
        CLOSED.close();
    }

    /** The context this one derives from: values, deadline and cancellation come from it. */
    final Context parent;
    /** Closed on cancel; made lazily under the lock. */
    private volatile Chan<Void> done;
    /** Cancelable descendants registered here; null once canceled (or before the first). */
    private Set<CancelCtx> children;
    /** Why this context was canceled; null while it is not. Set once, under the lock. */
    private volatile ContextError err;
    /** The cause recorded with {@link #err}. */
    private Exception cause;

    CancelCtx(Context parent) {
        if (parent == null) throw Go.panic("cannot create context from nil parent");
        this.parent = parent;
    }

    /** A new child of parent, registered with it: what withCancel and withCancelCause return. */
    static CancelCtx create(Context parent) {
        CancelCtx c = new CancelCtx(parent);
        c.propagateCancel();
        return c;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        Chan<Void> d = done;
        if (d != null) return d;
        synchronized (this) {
            if (done == null) done = new Chan<>();
            return done;
        }
    }

    @Override
    public ContextError err() {
        return err;
    }

    @Override
    public Object value(Object key) {
        return Lookup.value(this, key);
    }

    @Override
    public void cancel() {
        cancel(true, Context.CANCELED, null);
    }

    @Override
    public void cancel(Exception cause) {
        cancel(true, Context.CANCELED, cause);
    }

    /** The recorded cause (Go's {@code Cause}); null while not canceled. */
    synchronized Exception cause() {
        return cause;
    }

    /**
     * Go's {@code cancelCtx.cancel}: closes done, cancels every child with the same error and
     * cause, and, if asked, leaves the parent's children. A second cancel does nothing.
     */
    void cancel(boolean removeFromParent, ContextError err, Exception cause) {
        synchronized (this) {
            if (this.err != null) return;
            this.err = err; // before done closes: whoever sees done closed sees err (Go's contract)
            this.cause = cause != null ? cause : err;
            Chan<Void> d = done;
            if (d == null) done = CLOSED;
            else d.close();
            if (children != null) {
                for (CancelCtx child : children) child.cancel(false, err, this.cause);
                children = null;
            }
        }
        if (removeFromParent) removeChild(parent, this);
    }

    /**
     * Go's {@code propagateCancel}: arranges for this context to be canceled when its parent is.
     * Called once the object is fully built.
     */
    final void propagateCancel() {
        RecvChan<Void> pdone = parent.done();
        if (pdone == Chan.<Void>nil()) return; // the parent is never canceled
        if (pdone.tryRecv() != null) { // the parent is canceled already
            cancel(false, parent.err(), Context.cause(parent));
            return;
        }
        CancelCtx p = parentCancelCtx(parent, pdone);
        if (p != null) {
            synchronized (p) {
                if (p.err != null) {
                    cancel(false, p.err, p.cause);
                } else {
                    if (p.children == null) p.children = new HashSet<>();
                    p.children.add(this);
                }
            }
            return;
        }
        RecvChan<Void> mine = done();
        Go.go(() -> new Select()
                .recv(pdone, x -> cancel(false, parent.err(), Context.cause(parent)))
                .recv(mine, null)
                .run());
    }

    /**
     * Go's {@code parentCancelCtx}: the nearest cancelable ancestor of gort's whose done channel is
     * parent's, or null (then parent, or a layer between, is another implementation with its own
     * done channel, and must be watched instead).
     */
    private static CancelCtx parentCancelCtx(Context parent, RecvChan<Void> pdone) {
        if (pdone == CLOSED) return null;
        CancelCtx p = nearest(parent);
        return p != null && p.done == pdone ? p : null;
    }

    /** The nearest cancelable ancestor (or c itself) of gort's, found through value layers; null if none. */
    static CancelCtx nearest(Context c) {
        return Lookup.value(c, Lookup.CANCEL_CTX) instanceof CancelCtx cc ? cc : null;
    }

    /** Go's {@code removeChild}: takes child out of its nearest cancelable ancestor's set. */
    private static void removeChild(Context parent, CancelCtx child) {
        RecvChan<Void> pdone = parent.done();
        if (pdone == Chan.<Void>nil()) return;
        CancelCtx p = parentCancelCtx(parent, pdone);
        if (p == null) return;
        synchronized (p) {
            if (p.children != null) p.children.remove(child);
        }
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }
}
