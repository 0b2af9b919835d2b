package dev.gort.internal.traceback;

import dev.gort.internal.env.Env;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.Status;

/**
 * Goroutine tracebacks in Go's format (runtime/traceback.go):
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * main.worker(...)
 * 	dev/gort/demo/Main.java:10
 * created by main.main in goroutine 1
 * 	dev/gort/demo/Main.java:20
 * </pre>
 * Runtime frames are hidden below GOTRACEBACK=system; stacks deeper than 100 frames print the
 * innermost and outermost 50 with {@code ...N frames elided...} between (Go 1.21).
 */
public final class Traceback {
    private Traceback() {}

    private static final int ELIDE_HALF = 50;

    /** {@code goroutine N [status]:} with Go's wait reasons and the {@code , N minutes} suffix. */
    public static void header(StringBuilder b, G g, boolean running) {
        b.append("goroutine ").append(g.goid).append(" [");
        if (running) {
            b.append("running");
        } else {
            Status s = g.status;
            b.append(s == Status.WAITING ? g.waitReason.text() : s.text());
            long minutes = s == Status.WAITING ? (Sched.millisSince(g.waitSince) / 60_000) : 0;
            if (minutes >= 1) b.append(", ").append(minutes).append(" minutes");
        }
        if (Sched.isLocked(g)) b.append(", locked to thread");
        b.append("]:\n");
    }

    /** The frames, innermost first, then the {@code created by} line. */
    public static void frames(StringBuilder b, G g, StackTraceElement[] stack) {
        boolean system = Env.traceback().compareTo(Env.Traceback.SYSTEM) >= 0;
        int shown = 0;
        int total = 0;
        for (StackTraceElement e : stack) if (system || !Names.isRuntimeFrame(e.getClassName())) total++;
        for (StackTraceElement e : stack) {
            if (!system && Names.isRuntimeFrame(e.getClassName())) continue;
            shown++;
            if (total > 2 * ELIDE_HALF && shown == ELIDE_HALF + 1) {
                b.append("...").append(total - 2 * ELIDE_HALF).append(" frames elided...\n");
            }
            if (total > 2 * ELIDE_HALF && shown > ELIDE_HALF && shown <= total - ELIDE_HALF) continue;
            frame(b, e);
        }
        createdBy(b, g);
    }

    private static void frame(StringBuilder b, StackTraceElement e) {
        b.append(Names.function(e.getClassName(), e.getMethodName())).append("(...)\n\t")
                .append(Names.file(e.getClassName(), e.getFileName())).append(':').append(Math.max(e.getLineNumber(), 0))
                .append('\n');
    }

    private static void createdBy(StringBuilder b, G g) {
        if (g.goid == Sched.MAIN_GOID || g.foreign) return;
        Object site = g.createdBy;
        if (site instanceof StackTraceElement e) {
            b.append("created by ").append(Names.function(e.getClassName(), e.getMethodName()));
            if (g.parentGoid != 0) b.append(" in goroutine ").append(g.parentGoid);
            b.append("\n\t").append(Names.file(e.getClassName(), e.getFileName())).append(':')
                    .append(Math.max(e.getLineNumber(), 0)).append('\n');
        }
    }

    /** Every goroutine but {@code except}, each after a blank line (GOTRACEBACK=all and deadlock dumps). */
    public static void others(StringBuilder b, G except) {
        boolean system = Env.traceback().compareTo(Env.Traceback.SYSTEM) >= 0;
        for (G g : Sched.allGoroutines()) {
            if (g == except || (g.system && !system) || g.status == Status.DEAD) continue;
            b.append('\n');
            header(b, g, false);
            Thread t = g.thread;
            frames(b, g, t != null ? t.getStackTrace() : new StackTraceElement[0]);
        }
    }
}
