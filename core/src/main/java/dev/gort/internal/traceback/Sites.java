package dev.gort.internal.traceback;

import java.util.Optional;

/**
 * The site of a go statement, for {@code created by} lines. Finding it needs a stack walk (about
 * 1 µs), too much for every spawn; a lambda's class is created for one lambda expression, which
 * nearly always sits in the go statement itself, so the site is looked up once per lambda class
 * and cached. A Runnable of an ordinary class is walked each time (docs/mapping.md).
 */
public final class Sites {
    private Sites() {}

    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final ClassValue<StackTraceElement> PER_LAMBDA = new ClassValue<>() {
        @Override
        protected StackTraceElement computeValue(Class<?> type) {
            return walk();
        }
    };

    /** The first frame outside gort on the current stack, for a goroutine whose body has this class. */
    public static StackTraceElement capture(Class<?> bodyClass) {
        return bodyClass.isHidden() ? PER_LAMBDA.get(bodyClass) : walk();
    }

    private static StackTraceElement walk() {
        // Skip to the first gort frame (the go statement's API call), then past all of gort's frames.
        Optional<StackWalker.StackFrame> f = WALKER.walk(s -> s
                .dropWhile(fr -> !Names.isGort(fr.getClassName()) || fr.getClassName().startsWith("dev.gort.internal."))
                .dropWhile(fr -> Names.isGort(fr.getClassName()))
                .findFirst());
        return f.map(StackWalker.StackFrame::toStackTraceElement).orElse(null);
    }
}
