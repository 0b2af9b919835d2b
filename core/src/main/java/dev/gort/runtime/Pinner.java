package dev.gort.runtime;

import dev.gort.Go;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code runtime.Pinner}: a set of pinned objects, each kept reachable until {@link #unpin()}.
 *
 * <p>On the JVM pinning means only "not freed": objects have no stable address to pin (the
 * collector may move them, and no Java code can observe it), so a pinned object is simply held
 * strongly. As in Go, a Pinner that becomes unreachable while it still pins objects is reported
 * by the finalizer goroutine with the panic {@code runtime error: runtime.Pinner: found leaking
 * pinned pointer; forgot to call Unpin()?}, which ends the program. Not safe for concurrent use,
 * like Go's.
 */
public final class Pinner {
    /**
     * The pinned objects. Separate from the Pinner so the leak check (a finalizer on the Pinner)
     * can look at them without keeping the Pinner itself reachable.
     */
    private final List<Object> refs = new ArrayList<>();
    private boolean watched;

    /** A Pinner with nothing pinned. */
    public Pinner() {}

    /**
     * Go's {@code (*Pinner).Pin}: keeps {@code obj} reachable until {@link #unpin()}; an object may
     * be pinned more than once. A null argument panics with Go's
     * {@code runtime error: runtime.Pinner: argument is nil}.
     *
     * @param obj the object to keep reachable
     */
    public void pin(Object obj) {
        if (obj == null) throw Go.panic(new ErrorString("runtime.Pinner: argument is nil", null));
        if (!watched) {
            List<Object> pinned = refs;
            GoRuntime.setFinalizer(this, () -> {
                if (!pinned.isEmpty()) {
                    pinned.clear();
                    throw Go.panic(new ErrorString("runtime.Pinner: found leaking pinned pointer; forgot to call Unpin()?", null));
                }
            });
            watched = true;
        }
        refs.add(obj);
    }

    /** Go's {@code (*Pinner).Unpin}: unpins every object pinned by this Pinner. */
    public void unpin() {
        refs.clear();
    }
}
