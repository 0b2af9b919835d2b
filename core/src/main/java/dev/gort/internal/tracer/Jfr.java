package dev.gort.internal.tracer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;

/**
 * The tracer's events as JDK Flight Recorder events, so that JDK Mission Control shows
 * goroutines beside the JVM's GC, I/O and thread events: {@code dev.gort.GoroutineCreate},
 * {@code dev.gort.GoroutineBlock} (with Go's wait reason), {@code dev.gort.GoroutineUnblock},
 * {@code dev.gort.UserTask}, {@code dev.gort.UserRegion} and {@code dev.gort.UserLog}. Each is
 * committed on the thread it describes, so JFR attributes it to the goroutine's virtual thread
 * (and records its Java stack, for the kinds that keep one).
 *
 * <p>Cost when JFR is not recording: none on the hot path. {@link #on} is recomputed by a
 * {@link FlightRecorderListener} whenever a recording changes state, and feeds {@link Tracer#on},
 * the one flag the scheduler's hooks test.
 */
final class Jfr {
    private Jfr() {}

    /** Is a JFR recording running with gort's events enabled? */
    static volatile boolean on;

    @Name("dev.gort.GoroutineCreate")
    @Label("Goroutine Create")
    @Category({"gort", "Goroutines"})
    @Description("A go statement started a goroutine")
    static final class Create extends Event {
        @Label("Goroutine") long goid;
        @Label("Parent Goroutine") long parent;
    }

    @Name("dev.gort.GoroutineBlock")
    @Label("Goroutine Block")
    @Category({"gort", "Goroutines"})
    @Description("A goroutine parks (Go's wait reason)")
    static final class Block extends Event {
        @Label("Goroutine") long goid;
        @Label("Reason") String reason;
    }

    @Name("dev.gort.GoroutineUnblock")
    @Label("Goroutine Unblock")
    @Category({"gort", "Goroutines"})
    @Description("A goroutine is made runnable by another (or by a timer or plain thread: waker 0)")
    @StackTrace(false)
    static final class Unblock extends Event {
        @Label("Goroutine") long goid;
        @Label("Waker Goroutine") long waker;
    }

    @Name("dev.gort.UserTask")
    @Label("User Task")
    @Category({"gort", "Trace"})
    @Description("runtime/trace task, from NewTask to Task.End")
    static final class UserTask extends Event {
        @Label("Task") long task;
        @Label("Parent Task") long parent;
        @Label("Type") String type;
    }

    @Name("dev.gort.UserRegion")
    @Label("User Region")
    @Category({"gort", "Trace"})
    @Description("runtime/trace region start or end")
    static final class UserRegion extends Event {
        @Label("Task") long task;
        @Label("Type") String type;
        @Label("End") boolean end;
    }

    @Name("dev.gort.UserLog")
    @Label("User Log")
    @Category({"gort", "Trace"})
    static final class UserLog extends Event {
        @Label("Task") long task;
        @Label("Category") String category;
        @Label("Message") String message;
    }

    /** Follows JFR's recordings from now on (called once, by the tracer's initialisation). */
    static void install() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                refresh();
            }
        });
        refresh();
    }

    private static void refresh() {
        boolean running = FlightRecorder.isInitialized()
                && FlightRecorder.getFlightRecorder().getRecordings().stream().anyMatch(r -> r.getState() == RecordingState.RUNNING)
                && EventType.getEventType(Block.class).isEnabled();
        on = running;
        Tracer.refreshOn();
    }

    static void create(long goid, long parent) {
        Create e = new Create();
        e.goid = goid;
        e.parent = parent;
        e.commit();
    }

    static void block(long goid, String reason) {
        Block e = new Block();
        e.goid = goid;
        e.reason = reason;
        e.commit();
    }

    static void unblock(long goid, long waker) {
        Unblock e = new Unblock();
        e.goid = goid;
        e.waker = waker;
        e.commit();
    }

    /** Open tasks' events, committed (with their duration) by Task.end. */
    private static final Map<Long, UserTask> TASKS = new ConcurrentHashMap<>();

    static void taskBegin(long task, long parent, String type) {
        UserTask e = new UserTask();
        e.task = task;
        e.parent = parent;
        e.type = type;
        e.begin();
        TASKS.put(task, e);
    }

    static void taskEnd(long task) {
        UserTask e = TASKS.remove(task);
        if (e != null) e.commit();
    }

    static void region(long task, String type, boolean end) {
        UserRegion e = new UserRegion();
        e.task = task;
        e.type = type;
        e.end = end;
        e.commit();
    }

    static void log(long task, String category, String message) {
        UserLog e = new UserLog();
        e.task = task;
        e.category = category;
        e.message = message;
        e.commit();
    }
}
