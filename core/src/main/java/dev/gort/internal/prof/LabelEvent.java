package dev.gort.internal.prof;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event marking that the committing thread's goroutine now has these pprof labels. Emitted
 * only while a CPU profile is being recorded ({@link CpuProf#labelsChanged}); the profile's event
 * stream is ordered by time, so each CPU sample is paired with the labels its goroutine had when it
 * was taken, even though JFR delivers samples up to a second late.
 */
@Name("dev.gort.GoroutineLabels")
@Label("Goroutine labels")
@Category("gort")
@StackTrace(false)
final class LabelEvent extends Event {
    /** The labels as key, value, … joined by NUL characters; empty for none. */
    @Label("Labels")
    String labels;

    static void emit(String[] kv) {
        LabelEvent e = new LabelEvent();
        e.labels = kv == null ? "" : String.join("\0", kv);
        e.commit();
    }

    static String[] decode(String s) {
        return s == null || s.isEmpty() ? null : s.split("\0", -1);
    }
}
