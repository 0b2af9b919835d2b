package dev.gort.net.http.pprof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.runtime.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** /debug/pprof/trace as Go's handler: a trace attachment for {@code seconds}, Go's 500 while tracing is taken. */
class PprofTraceTest {
    @Test
    void traceEndpointStreamsATraceAndRefusesWhileTracing() throws Exception {
        try (PprofServer server = PprofServer.start("127.0.0.1:0")) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/pprof/trace?seconds=0.2");
            HttpURLConnection ok = open(uri);
            assertEquals(200, ok.getResponseCode());
            assertEquals("attachment; filename=\"trace\"", ok.getHeaderField("Content-Disposition"));
            byte[] body;
            try (InputStream in = ok.getInputStream()) {
                body = in.readAllBytes();
            }
            assertArrayEquals("go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(body, 16));
            Trace.start(new ByteArrayOutputStream());
            try {
                HttpURLConnection busy = open(uri);
                assertEquals(500, busy.getResponseCode());
                assertEquals("1", busy.getHeaderField("X-Go-Pprof"));
                try (InputStream err = busy.getErrorStream()) {
                    assertEquals("Could not enable tracing: tracing is already enabled", new String(err.readAllBytes(), StandardCharsets.UTF_8).trim());
                }
            } finally {
                Trace.stop();
            }
        }
    }

    private static HttpURLConnection open(URI uri) throws Exception {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(60_000);
        return c;
    }
}
