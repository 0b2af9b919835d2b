package dev.gort.runtime.trace;

import dev.gort.context.Context;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.tracer.ChromeJson;
import dev.gort.internal.tracer.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's {@code runtime/trace} package: the execution tracer's API. A trace is written in Go
 * 1.19's format, which {@code go tool trace} opens (and every newer Go converts): goroutine
 * creation, scheduling and blocking (with the kind: channel send or receive, select, sync,
 * cond, sleep, I/O), P's starting and stopping, GOMAXPROCS changes, GC cycles with heap sizes,
 * and the user annotations below.
 *
 * <p>Annotations take a {@link Context}, as Go's take a {@code context.Context}: the task of a
 * context is the value {@link Task#context()} stored under this package's key (none for
 * {@code Context.background()}).
 */
public final class Trace {
    private Trace() {}

    /** Go's lastTaskID: task ids start at 1 (0 is "no task"). */
    private static final AtomicLong lastTaskId = new AtomicLong();
    /** The context key of the current task (Go's traceContextKey{}). */
    static final Object TASK_KEY = new Object() {
        @Override
        public String toString() {
            return "trace.traceContextKey";
        }
    };
    /** Serialises start and stop (Go's tracing.Lock). */
    private static final Object TRACING = new Object();

    /**
     * Go's {@code trace.Start}: starts tracing the program to {@code out}, written by a
     * background thread as the trace is produced. Throws {@link IllegalStateException} with Go's
     * text {@code tracing is already enabled} if a trace or flight recorder is recording. If
     * {@code out} throws, tracing stops and the error is printed on stderr (Go ignores write
     * errors; gort stops rather than lose data silently); the program goes on.
     *
     * @param out where the trace is written
     */
    public static void start(OutputStream out) {
        Objects.requireNonNull(out, "out");
        synchronized (TRACING) {
            Tracer.startTrace();
            Sched.startRuntimeThread("gort-trace-writer", () -> copy(out));
        }
    }

    /** The writer: every chunk to {@code out} until the trace is read to its end. */
    private static void copy(OutputStream out) {
        boolean failed = false;
        for (byte[] chunk; (chunk = Tracer.readTrace()) != null; ) {
            if (failed) continue; // drain, so that StopTrace can return
            try {
                out.write(chunk);
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed = true;
                System.err.print("runtime/trace: write error: " + e + "; tracing stopped\n");
                Tracer.stopTrace(false);
            }
        }
    }

    /**
     * Go's {@code trace.Stop}: stops tracing and returns once all trace data has been written to
     * the output. Does nothing when not tracing.
     */
    public static void stop() {
        synchronized (TRACING) {
            Tracer.stopTrace(true);
        }
    }

    /** {@return whether a trace (or flight recorder) is recording: Go's {@code trace.IsEnabled} (JFR alone does not count)} */
    public static boolean isEnabled() {
        return Tracer.recording();
    }

    /**
     * Go's {@code trace.NewTask}: a task of type {@code taskType}, a child of {@code ctx}'s task;
     * its {@link Task#context()} carries it into regions, logs and child tasks.
     *
     * @param ctx the context whose task is the parent (none: a top-level task)
     * @param taskType the task's type, as {@code go tool trace} groups tasks
     * @return the task; end it with {@link Task#end()}
     */
    public static Task newTask(Context ctx, String taskType) {
        long id = lastTaskId.incrementAndGet();
        Tracer.userTaskCreate(id, taskId(ctx), taskType);
        return new Task(id, ctx);
    }

    /** Go's fromContext(ctx).id: the id of ctx's task, 0 for none. */
    private static long taskId(Context ctx) {
        return ctx.value(TASK_KEY) instanceof Task t ? t.id : 0;
    }

    /**
     * Go's {@code trace.WithRegion}: runs {@code body} as a region of type {@code regionType}.
     *
     * @param ctx the context whose task the region belongs to
     * @param regionType the region's type
     * @param body the code the region covers
     */
    public static void withRegion(Context ctx, String regionType, Runnable body) {
        long id = taskId(ctx);
        Tracer.userRegion(id, 0, regionType);
        try {
            body.run();
        } finally {
            Tracer.userRegion(id, 1, regionType);
        }
    }

    /**
     * Go's {@code trace.StartRegion}: starts a region of type {@code regionType}, ended by
     * {@link Region#end()} on the same goroutine. Records nothing when neither a trace nor JFR
     * is recording.
     *
     * @param ctx the context whose task the region belongs to
     * @param regionType the region's type
     * @return the region; end it with {@link Region#end()}
     */
    public static Region startRegion(Context ctx, String regionType) {
        if (!Tracer.annotating()) return new Region(0, regionType, false); // Go's no-op region
        long id = taskId(ctx);
        Tracer.userRegion(id, 0, regionType);
        return new Region(id, regionType, true);
    }

    /**
     * Go's {@code trace.Log}: a message with a category, in {@code ctx}'s task.
     *
     * @param ctx the context whose task the message belongs to
     * @param category the message's category (may be empty)
     * @param message the message
     */
    public static void log(Context ctx, String category, String message) {
        Tracer.userLog(taskId(ctx), category, message);
    }

    /**
     * Go's {@code trace.Logf}: as {@link #log}, the message formatted with Java's
     * {@link String#format} (Go's fmt verbs such as {@code %v} are not Java's).
     *
     * @param ctx the context whose task the message belongs to
     * @param category the message's category (may be empty)
     * @param format a {@link String#format} format
     * @param args its arguments
     */
    public static void logf(Context ctx, String category, String format, Object... args) {
        if (Tracer.annotating()) log(ctx, category, String.format(format, args));
    }

    /**
     * Go 1.25's {@code trace.NewFlightRecorder}: a recorder (not started) keeping at least
     * {@code minAge} of recent events and roughly at most {@code maxBytes} of them. Go's defaults
     * are 10 s and 10 MiB; zero or negative values take them. gort's window is everything since
     * the previous {@link FlightRecorder#writeTo} (or the start), up to maxBytes: it reaches
     * back at least minAge unless that write came less than minAge before, and gort does not drop
     * events for being older than minAge, as Go strives to (see docs/mapping.md).
     *
     * @param minAge how much recent history to keep at least (Go's lower bound on the window)
     * @param maxBytes roughly how many bytes of events to keep at most
     * @return the recorder, not yet started
     */
    public static FlightRecorder flightRecorder(Duration minAge, long maxBytes) {
        return new FlightRecorder(maxBytes > 0 ? maxBytes : 10L << 20);
    }

    /**
     * Converts a trace (as written by {@link #start} or a flight recorder, or by Go 1.19) to the
     * Chrome trace-event JSON that Perfetto and chrome://tracing open: one track per P with a
     * slice per goroutine run, instant events for blocking and unblocking, user regions as
     * slices on their goroutine's track, tasks as async spans and logs as instant events.
     *
     * @param in the trace
     * @param out where the JSON goes
     * @throws IOException if reading or writing fails
     */
    public static void toChromeJson(InputStream in, OutputStream out) throws IOException {
        ChromeJson.convert(in, out);
    }
}
