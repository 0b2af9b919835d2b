package dev.gort.context;

import dev.gort.Go;
import dev.gort.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** Go's valueCtx: one key-value pair on top of its parent, which answers everything else. */
final class ValueCtx implements Context {
    final Context parent;
    final Object key;
    final Object val;

    ValueCtx(Context parent, Object key, Object val) {
        if (parent == null) throw Go.panic("cannot create context from nil parent");
        if (key == null) throw Go.panic("nil key");
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public ContextError err() {
        return parent.err();
    }

    @Override
    public Object value(Object key) {
        return Lookup.value(this, key);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key + ", " + val + ")";
    }
}
