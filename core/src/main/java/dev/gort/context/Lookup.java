package dev.gort.context;

/**
 * Go's {@code value(c, key)}: walks the chain of gort's own contexts without recursion (a chain
 * can be thousands deep), handing over to a foreign implementation's {@link Context#value} when
 * it meets one. {@link #CANCEL_CTX} is Go's {@code cancelCtxKey}: asking for it finds the
 * nearest cancelable ancestor ({@link CancelCtx}), which is how a new child registers with its
 * parent even through value layers, and how {@link Context#cause} finds the cause.
 */
final class Lookup {
    private Lookup() {}

    /** Go's {@code cancelCtxKey}: private, so no user key can equal it. */
    static final Object CANCEL_CTX = new Object();

    static Object value(Context c, Object key) {
        for (;;) {
            switch (c) {
                case ValueCtx v -> {
                    if (v.key.equals(key)) return v.val;
                    c = v.parent;
                }
                case CancelCtx cc -> {
                    if (key == CANCEL_CTX) return cc;
                    c = cc.parent;
                }
                case WithoutCancelCtx w -> {
                    if (key == CANCEL_CTX) return null; // Cause(WithoutCancel(x)) is nil, as in Go
                    c = w.parent;
                }
                case EmptyCtx e -> {
                    return null;
                }
                default -> {
                    return c.value(key);
                }
            }
        }
    }
}
