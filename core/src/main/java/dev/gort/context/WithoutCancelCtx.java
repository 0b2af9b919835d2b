package dev.gort.context;

import dev.gort.Go;

/** Go's withoutCancelCtx (Go 1.21): its parent's values, none of its cancellation. */
final class WithoutCancelCtx extends NeverCanceled {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        if (parent == null) throw Go.panic("cannot create context from nil parent");
        this.parent = parent;
    }

    @Override
    public Object value(Object key) {
        return Lookup.value(this, key);
    }

    @Override
    public String toString() {
        return parent + ".WithoutCancel";
    }
}
