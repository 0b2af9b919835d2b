package dev.gort.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.context.Context;
import dev.gort.internal.sched.WaitReason;
import dev.gort.internal.tracer.Tracer;
import dev.gort.testing.Goroutines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gort's goroutine and annotation events in a JFR recording, and no hooks running without one. */
class JfrEventsTest {
    @TempDir
    Path dir;

    @Test
    void goroutineEventsAppearInAJfrRecording() throws Exception {
        assertTrue(Goroutines.start(() -> { }).handle().join(Goroutines.TIMEOUT)); // the scheduler (and sysmon) runs
        assertFalse(Tracer.on, "nothing records: the scheduler's hooks must be off");
        Path file = dir.resolve("gort.jfr");
        long receiver;
        try (Recording r = new Recording()) {
            for (String e : new String[] {"GoroutineCreate", "GoroutineBlock", "GoroutineUnblock", "UserTask", "UserRegion", "UserLog"}) {
                r.enable("dev.gort." + e);
            }
            r.start();
            Goroutines.awaitTrue(() -> Tracer.on, "a JFR recording with gort's goroutine events turns the hooks on (sysmon notices JFR's start)");
            assertFalse(Trace.isEnabled(), "JFR alone is not runtime/trace tracing");
            Task t = Trace.newTask(Context.background(), "jfr-task");
            Chan<Long> c = new Chan<>();
            Goroutines.Started g = Goroutines.start(() -> Trace.withRegion(t.context(), "jfr-region", () -> c.send(c.recv() + 1)));
            receiver = g.handle().id();
            Goroutines.awaitParked(g.g(), WaitReason.CHAN_RECEIVE);
            c.send(41L);
            assertEquals(42L, c.recv());
            Trace.log(t.context(), "jfr", "done");
            t.end();
            r.stop();
            r.dump(file);
        }
        Goroutines.awaitTrue(() -> !Tracer.on, "the recording stopped: hooks off again");
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> byName = events.stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.gort."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertTrue(byName.getOrDefault("dev.gort.GoroutineCreate", List.of()).stream().anyMatch(e -> e.getLong("goid") == receiver), byName::toString);
        assertTrue(byName.getOrDefault("dev.gort.GoroutineBlock", List.of()).stream()
                .anyMatch(e -> e.getLong("goid") == receiver && "chan receive".equals(e.getString("reason"))), byName::toString);
        assertTrue(byName.getOrDefault("dev.gort.GoroutineUnblock", List.of()).stream().anyMatch(e -> e.getLong("goid") == receiver), byName::toString);
        assertTrue(byName.getOrDefault("dev.gort.UserTask", List.of()).stream().anyMatch(e -> "jfr-task".equals(e.getString("type"))));
        assertEquals(2, byName.getOrDefault("dev.gort.UserRegion", List.of()).size());
        assertTrue(byName.getOrDefault("dev.gort.UserLog", List.of()).stream().anyMatch(e -> "done".equals(e.getString("message"))));
    }
}
