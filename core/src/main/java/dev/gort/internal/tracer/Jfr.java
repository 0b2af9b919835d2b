package dev.gort.internal.tracer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
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
 * <p>The goroutine events sit on the scheduler's hot path, so they are disabled by default and a
 * recording must enable them ({@code jfr configure}, a .jfc, or
 * {@code -XX:StartFlightRecording:dev.gort.GoroutineBlock#enabled=true,...}); the annotation
 * events are user calls and enabled by default. {@link #on} and {@link #annotations} are
 * recomputed by a {@link FlightRecorderListener} whenever a recording changes state (installed
 * once JFR is up, see {@link #poll}); {@link #on}
 * feeds {@link Tracer#on}, the one flag the scheduler's hooks test, so without a recording that
 * enables them the hooks cost nothing more.
 */
final class Jfr {
    private Jfr() {}

    /** Is a JFR recording running with the goroutine events enabled? (They are off unless a recording enables them.) */
    static volatile boolean on;
    /** Is a JFR recording running with the annotation events (tasks, regions, logs) enabled? (On by default.) */
    static volatile boolean annotations;

    static final String BLOCK = "dev.gort.GoroutineBlock", REGION = "dev.gort.UserRegion";

    @Name("dev.gort.GoroutineCreate")
    @Enabled(false)
    @Label("Goroutine Create")
    @Category({"gort", "Goroutines"})
    @Description("A go statement started a goroutine")
    static final class Create extends Event {
        @Label("Goroutine") long goid;
        @Label("Parent Goroutine") long parent;
    }

    @Name(BLOCK)
    @Enabled(false)
    @Label("Goroutine Block")
    @Category({"gort", "Goroutines"})
    @Description("A goroutine parks (Go's wait reason)")
    static final class Block extends Event {
        @Label("Goroutine") long goid;
        @Label("Reason") String reason;
    }

    @Name("dev.gort.GoroutineUnblock")
    @Enabled(false)
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

    @Name(REGION)
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

    /** The listener is installed (guarded by Jfr.class for the write). */
    private static volatile boolean installed;

    /**
     * Starts following JFR's recordings once JFR is up: called when the tracer initialises and by
     * sysmon every {@value Tracer#JFR_POLL_TICKS} ticks. The listener is added only after JFR has
     * initialised (a recording at start-up, or one started later): adding it earlier would
     * initialise JFR itself, about 100 ms at every gort program's start-up.
     */
    static void poll() {
        if (installed || !FlightRecorder.isInitialized()) return;
        synchronized (Jfr.class) {
            if (installed) return;
            installed = true;
        }
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                refresh();
            }
        });
        refresh();
    }

    /**
     * Reads the running recordings' settings (not EventType.isEnabled, which a listener called
     * while a recording starts may see before the settings apply): the goroutine events are on
     * when a running recording enables {@code dev.gort.GoroutineBlock}, the annotations unless
     * every running recording disables {@code dev.gort.UserRegion}.
     */
    private static void refresh() {
        boolean goroutines = false, annotate = false;
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != RecordingState.RUNNING) continue;
            Map<String, String> settings = r.getSettings();
            goroutines |= "true".equals(settings.get(BLOCK + "#enabled"));
            annotate |= !"false".equals(settings.get(REGION + "#enabled"));
        }
        on = goroutines;
        annotations = annotate;
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
