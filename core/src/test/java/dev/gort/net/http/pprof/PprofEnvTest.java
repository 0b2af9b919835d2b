package dev.gort.net.http.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.GoProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GORT_PPROF_ADDR serves /debug/pprof/ with no code change, and never keeps the program alive. */
class PprofEnvTest {
    /** A program that knows nothing of pprof but reads its own endpoint, then returns from main. */
    public static final class Program {
        public static void main(String[] args) {
            Go.main(args, () -> {
                Go.go(() -> Thread.sleep(60_000));
                String url = "http://" + System.getenv("GORT_PPROF_ADDR") + "/debug/pprof/goroutine?debug=1";
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    try {
                        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        System.out.println(c.getResponseCode() + " " + body.lines().findFirst().orElse(""));
                        return;
                    } catch (IOException notYet) {
                        if (System.nanoTime() > deadline) throw notYet;
                        Thread.sleep(50);
                    }
                }
            });
        }
    }

    @Test
    void environmentVariableStartsTheServer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GoProcess.Result r = GoProcess.run(Program.class, Map.of("GORT_PPROF_ADDR", "127.0.0.1:" + port));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("200 goroutine profile: total "), r.toString());
    }
}
