package dev.gort.context;

/** Go's backgroundCtx and todoCtx: never canceled, no deadline, no values. */
final class EmptyCtx extends NeverCanceled {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override
    public Object value(Object key) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
