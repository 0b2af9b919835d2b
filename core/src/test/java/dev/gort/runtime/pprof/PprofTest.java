package dev.gort.runtime.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.Goroutines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** runtime/pprof's API: profiles, Go's panics, labels and their inheritance, the text formats. */
class PprofTest {
    @Test
    void predefinedProfilesAreListedSortedByName() {
        List<String> names = Pprof.profiles().stream().map(Profile::name).toList();
        assertTrue(names.containsAll(List.of("allocs", "block", "goroutine", "heap", "mutex", "threadcreate")), names.toString());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        assertNull(Pprof.lookup("nosuch"));
    }

    @Test
    void newProfilePanicsAsGo() {
        Profile p = Pprof.newProfile("gort.test.dup");
        Panic dup = assertThrows(Panic.class, () -> Pprof.newProfile("gort.test.dup"));
        assertEquals("pprof: NewProfile name already in use: gort.test.dup", dup.value());
        assertEquals("pprof: NewProfile with empty name", assertThrows(Panic.class, () -> Pprof.newProfile("")).value());
        Object v = new Object();
        p.add(v, 0);
        assertEquals(1, p.count());
        assertEquals("pprof: Profile.Add of duplicate value", assertThrows(Panic.class, () -> p.add(v, 0)).value());
        p.remove(v);
        assertEquals(0, p.count());
        assertEquals("pprof: Add called on built-in Profile heap", assertThrows(Panic.class, () -> Pprof.lookup("heap").add(v, 0)).value());
        assertEquals("uneven number of arguments to pprof.Labels", assertThrows(Panic.class, () -> Pprof.labels("k")).value());
    }

    @Test
    void cpuProfileIsGoneAsInGo() {
        assertEquals("CPUProfile no longer available", assertThrows(Panic.class, GoRuntime::cpuProfile).value());
    }

    @Test
    void labelsAreScopedAndInheritedByGoroutinesStartedInside() throws Exception {
        CompletableFuture<Optional<String>> child = new CompletableFuture<>();
        CompletableFuture<Map<String, String>> inside = new CompletableFuture<>();
        Goroutines.Started g = Goroutines.start(() -> {
            Pprof.setGoroutineLabels(Pprof.labels("a", "1"));
            Pprof.doWithLabels(Pprof.labels("b", "2", "a", "3"), () -> {
                inside.complete(Pprof.goroutineLabels().toMap());
                Go.go(() -> child.complete(Pprof.label("b")));
            });
            assertEquals(Map.of("a", "1"), Pprof.goroutineLabels().toMap());
            List<String> seen = new ArrayList<>();
            Pprof.forLabels((k, v) -> seen.add(k + "=" + v));
            assertEquals(List.of("a=1"), seen);
        });
        g.join();
        assertEquals(Map.of("a", "3", "b", "2"), inside.get());
        assertEquals(Optional.of("2"), child.get());
        assertEquals("{\"a\":\"3\", \"b\":\"2\"}", Pprof.labels("b", "2", "a", "3").toString());
    }

    @Test
    void goroutineTextProfileHasGoShapeAndLabels() throws Exception {
        Chan<Integer> release = new Chan<>();
        Pprof.doWithLabels(Pprof.labels("role", "waiter"), () -> {
            for (int i = 0; i < 3; i++) Go.go(() -> waitHere(release));
        });
        try {
            Goroutines.awaitTrue(() -> text("goroutine", 1).contains("3 @ 0x"), "3 goroutines parked in one stack");
            String t = text("goroutine", 1);
            assertTrue(t.startsWith("goroutine profile: total "), t);
            // Go's tabwriter: "#", PC, function+offset, file:line columns, tab-padded
            assertTrue(Pattern.compile("(?m)^#\\t0x[0-9a-f]+\\t+dev\\.gort\\.runtime\\.pprof\\.PprofTest\\.waitHere\\+0x[0-9a-f]+\\t+dev/gort/runtime/pprof/PprofTest\\.java:\\d+$")
                    .matcher(t).find(), t);
            assertTrue(t.contains("# labels: {\"role\":\"waiter\"}"), t);
            String dump = text("goroutine", 2);
            assertTrue(dump.contains("[chan receive]:\ndev.gort.runtime.pprof.PprofTest.waitHere(...)"), dump);
        } finally {
            release.close();
        }
    }

    private static void waitHere(Chan<Integer> c) {
        c.recv();
    }

    @Test
    void contentionTextProfilesHaveGoHeaders() {
        int before = GoRuntime.setMutexProfileFraction(5);
        try {
            assertTrue(text("block", 1).startsWith("--- contention:\ncycles/second=1000000000\n"));
            assertTrue(text("mutex", 1).startsWith("--- mutex:\ncycles/second=1000000000\nsampling period=5\n"));
        } finally {
            GoRuntime.setMutexProfileFraction(before);
        }
        assertTrue(text("heap", 1).startsWith("heap profile: "));
        assertTrue(text("heap", 1).contains("@ heap/" + 2 * GoRuntime.memProfileRate() + "\n"));
        assertTrue(text("heap", 1).contains("\n# runtime.MemStats\n# Alloc = "));
        assertTrue(text("threadcreate", 1).startsWith("threadcreate profile: total "));
    }

    private static String text(String name, int debug) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Pprof.lookup(name).writeTo(out, debug);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void records() {
        assertTrue(!GoRuntime.threadCreateProfile().isEmpty(), "carriers were created");
        long[] stack = GoRuntime.threadCreateProfile().getFirst().stack();
        assertTrue(stack.length > 0 && GoRuntime.funcForPC(stack[0]) != null);
    }
}
