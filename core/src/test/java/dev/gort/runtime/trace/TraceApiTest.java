package dev.gort.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.context.Context;
import dev.gort.Go;
import dev.gort.runtime.GoRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** runtime/trace's API and runtime.StartTrace/ReadTrace/StopTrace: bad input, errors, the Chrome JSON converter. */
class TraceApiTest {
    @Test
    void secondStartGetsGosErrorAndStopWhenNotTracingIsANoOp() {
        Trace.stop(); // not tracing: nothing happens
        GoRuntime.stopTrace();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trace.start(out);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trace.start(new ByteArrayOutputStream()));
            assertEquals("tracing is already enabled", e.getMessage());
            assertThrows(IllegalStateException.class, GoRuntime::startTrace);
            assertTrue(Trace.isEnabled());
        } finally {
            Trace.stop();
        }
        assertFalse(Trace.isEnabled());
        byte[] trace = out.toByteArray();
        assertArrayEquals("go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(trace, 16));
    }

    @Test
    void readTraceGivesHeaderChunksFooterThenNull() throws Exception {
        GoRuntime.startTrace();
        AtomicInteger chunks = new AtomicInteger();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            for (byte[] b; (b = GoRuntime.readTrace()) != null; ) {
                chunks.incrementAndGet();
                all.writeBytes(b);
            }
        });
        Chan<Integer> c = new Chan<>();
        Go.go(() -> c.send(1));
        assertEquals(1, c.recv());
        GoRuntime.stopTrace(); // returns once the reader has had everything
        reader.join(30_000);
        assertFalse(reader.isAlive());
        assertTrue(chunks.get() >= 3, "header, at least one batch, footer");
        assertNull(GoRuntime.readTrace());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Trace.toChromeJson(new ByteArrayInputStream(all.toByteArray()), json);
        assertTrue(json.toString(StandardCharsets.UTF_8).contains("\"cat\":\"goroutine\""));
    }

    @Test
    void aThrowingOutputStreamStopsTracingAndTheProgramGoesOn() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Trace.start(broken);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Trace.isEnabled() && System.nanoTime() < deadline) Thread.sleep(5);
            assertFalse(Trace.isEnabled(), "tracing did not stop after the write error");
            Trace.stop(); // already stopped: returns
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("disk full"), captured::toString);
        // a new trace can start once the failed one is drained
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (;;) {
            try {
                Trace.start(new ByteArrayOutputStream());
                break;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(5);
            }
        }
        Trace.stop();
    }

    @Test
    void chromeJsonHasTheUserAnnotations() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trace.start(out);
        Task t = Trace.newTask(Context.background(), "request");
        Trace.withRegion(t.context(), "handle", () -> Trace.log(t.context(), "user", "gopher"));
        Region r = Trace.startRegion(t.context(), "reply");
        r.end();
        t.end();
        Trace.stop();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Trace.toChromeJson(new ByteArrayInputStream(out.toByteArray()), json);
        String s = json.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[") && s.trim().endsWith("]}"), s);
        for (String want : new String[] {"\"name\":\"request\",\"cat\":\"task\",\"ph\":\"b\"", "\"cat\":\"task\",\"ph\":\"e\"",
                "\"name\":\"handle\",\"cat\":\"region\",\"ph\":\"b\"", "\"name\":\"reply\",\"cat\":\"region\",\"ph\":\"e\"",
                "\"name\":\"user: gopher\""}) {
            assertTrue(s.contains(want), () -> want + " missing:\n" + s);
        }
        assertThrows(IOException.class, () -> Trace.toChromeJson(new ByteArrayInputStream("not a trace at all".getBytes()), json));
    }
}
