package dev.gort.internal.prof;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * The CPU profiler (Go's StartCPUProfile / StopCPUProfile and the SIGPROF sampler behind them),
 * fed by JDK Flight Recorder streamed in-process.
 *
 * <h2>Source</h2>
 * Where the JDK has it (JDK 25 on Linux), {@code jdk.CPUTimeSample}: each thread is sampled every
 * 1/hz seconds of <em>its own CPU time</em>, exactly Go's setitimer(ITIMER_PROF) semantics, so a
 * sample is worth 1/hz s of CPU. Elsewhere {@code jdk.ExecutionSample} at a wall-clock period of
 * 1/hz (JFR samples at most a few running threads per period; documented in docs/mapping.md).
 * JFR is only started here, when a profile starts: a program that never profiles never loads it.
 *
 * <h2>Goroutines and labels</h2>
 * A virtual thread's samples carry that thread, hence its goroutine. JFR delivers events in
 * batches about a second late, by which time a goroutine's labels may have changed; so while a
 * profile runs, every label change is itself a JFR event ({@link LabelEvent}) in the same
 * time-ordered stream, and the consumer replays them: {@link Session#labels} holds each thread's
 * labels as of the sample being processed. Threads' labels at the start come from the G registry.
 *
 * <h2>Locking</h2>
 * {@link #LOCK} guards {@link #session} and {@link #hz}: start, stop and rate changes are
 * serialized. A session's builder is written only by the stream's thread until
 * {@link RecordingStream#stop} has returned, then read by the stopping thread.
 */
public final class CpuProf {
    private CpuProf() {}

    /** Go's default profiling rate (runtime/pprof's hz). */
    public static final int DEFAULT_HZ = 100;

    private static final Object LOCK = new Object();
    /** Rate set by setCPUProfileRate for the next profile; 0: Go's default. Guarded by LOCK. */
    private static int hz;
    /** The profile being recorded, or null. Guarded by LOCK. */
    private static Session session;
    /** True while a profile records label changes; read on every label change. */
    private static volatile boolean recordLabels;

    /**
     * Go's runtime.SetCPUProfileRate: the rate of the next profile. While one is running Go refuses
     * with the same message on standard error.
     */
    public static void setRate(int newHz) {
        synchronized (LOCK) {
            if (session != null && newHz > 0) {
                System.err.println("runtime: cannot set cpu profile rate until previous profile has finished.");
                return;
            }
            hz = Math.max(newHz, 0);
        }
    }

    /** Go's StartCPUProfile: starts sampling; the profile goes to {@code out} at {@link #stop}. */
    public static void start(OutputStream out) {
        synchronized (LOCK) {
            if (session != null) throw new IllegalStateException("cpu profiling already in use");
            int rate = hz > 0 ? hz : DEFAULT_HZ;
            Session s = new Session(out, rate);
            recordLabels = true;
            s.start();
            session = s;
        }
    }

    /** Go's StopCPUProfile: stops sampling and writes the profile; does nothing when none runs. */
    public static void stop() throws IOException {
        Session s;
        synchronized (LOCK) {
            s = session;
            if (s == null) return;
            session = null;
            recordLabels = false;
            hz = 0;
            s.stop();
        }
        s.profile.write(s.out);
        s.out.flush();
    }

    /** Is a CPU profile being recorded? */
    public static boolean profiling() {
        synchronized (LOCK) {
            return session != null;
        }
    }

    /** Called on every change of a goroutine's labels: while profiling, records it in the stream. */
    public static void labelsChanged(String[] labels) {
        if (recordLabels) LabelEvent.emit(labels);
    }

    /** One CPU profile in progress. */
    private static final class Session {
        final OutputStream out;
        final long periodNanos;
        final ProfileBuilder profile;
        /** When sampling began and ended (JFR's start and last flush are outside the profile's duration). */
        long startNanos;
        final RecordingStream stream = new RecordingStream();
        /** Thread id → labels as of the event being processed (null values are not stored). */
        final Map<Long, String[]> labels = new ConcurrentHashMap<>();

        Session(OutputStream out, int hz) {
            this.out = out;
            this.periodNanos = 1_000_000_000L / hz;
            this.profile = new ProfileBuilder("cpu", "nanoseconds", periodNanos, "samples", "count", "cpu", "nanoseconds");
        }

        void start() {
            String event = hasEvent("jdk.CPUTimeSample") ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
            if (event.equals("jdk.CPUTimeSample")) {
                stream.enable(event).with("throttle", periodNanos / 1_000_000 > 0 ? periodNanos / 1_000_000 + " ms" : periodNanos / 1000 + " us").withStackTrace();
            } else {
                stream.enable(event).withPeriod(Duration.ofNanos(periodNanos)).withStackTrace();
            }
            stream.enable(LabelEvent.class);
            stream.onEvent(event, this::sample);
            stream.onEvent("dev.gort.GoroutineLabels", e -> {
                String[] kv = LabelEvent.decode(e.getString("labels"));
                long tid = e.getThread().getJavaThreadId();
                if (kv == null) labels.remove(tid);
                else labels.put(tid, kv);
            });
            stream.startAsync();
            startNanos = System.nanoTime();
            profile.timeNanos(ProcessInfo.wallNanos());
            for (G g : Sched.allGoroutines()) {
                Thread t = g.thread;
                if (t != null && g.labels instanceof String[] kv) labels.putIfAbsent(t.threadId(), kv);
            }
        }

        void stop() {
            long end = System.nanoTime();
            stream.stop();
            stream.close();
            profile.durationNanos(end - startNanos);
        }

        private void sample(RecordedEvent e) {
            if (e.hasField("failed") && e.getBoolean("failed")) return;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null) return;
            RecordedThread t = e.getThread(e.hasField("sampledThread") ? "sampledThread" : "eventThread");
            String[] kv = t == null ? null : labels.get(t.getJavaThreadId());
            profile.add(pcs(st), kv, 1, periodNanos);
        }
    }

    private static boolean hasEvent(String name) {
        for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (t.getName().equals(name)) return true;
        }
        return false;
    }

    /** A JFR stack's PCs, leaf first, goroutine-entry frames dropped (see {@link Stacks}). */
    static long[] pcs(RecordedStackTrace st) {
        var frames = st.getFrames();
        int n = frames.size();
        String[] classes = new String[n], methods = new String[n], files = new String[n];
        int[] bcis = new int[n], lines = new int[n];
        int k = 0;
        for (RecordedFrame f : frames) {
            // hidden frames (lambda proxies, method-handle forms) are not in Java's own stack traces either
            if (!f.isJavaFrame() || f.getMethod().isHidden()) continue;
            String c = f.getMethod().getType().getName();
            classes[k] = c;
            methods[k] = f.getMethod().getName();
            files[k] = sourceFileGuess(c);
            bcis[k] = Math.max(f.getBytecodeIndex(), 0);
            lines[k] = f.getLineNumber();
            k++;
        }
        return Stacks.pcs(classes, methods, files, bcis, lines, k);
    }

    /**
     * JFR frames carry no source file; a Java class's is its outermost class's simple name plus
     * {@code .java} (wrong only for a second top-level class in a file, or another language's class).
     */
    private static String sourceFileGuess(String className) {
        int dot = className.lastIndexOf('.');
        int dollar = className.indexOf('$', dot + 1);
        return className.substring(dot + 1, dollar < 0 ? className.length() : dollar) + ".java";
    }
}
