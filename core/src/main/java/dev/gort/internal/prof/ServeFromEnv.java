package dev.gort.internal.prof;

import dev.gort.internal.env.Env;
import dev.gort.net.http.pprof.PprofServer;
import java.io.IOException;

/**
 * {@code GORT_PPROF_ADDR=host:port}: serve /debug/pprof/ there from the start, with no code
 * change (Go programs get the same by importing net/http/pprof and running a server). Checked once,
 * when gort's runtime starts; the server is started off the start-up path, on its own daemon thread.
 */
public final class ServeFromEnv {
    private ServeFromEnv() {}

    /** Starts the server if GORT_PPROF_ADDR is set; failures are reported on standard error, once. */
    public static void startIfConfigured() {
        String addr = Env.get("GORT_PPROF_ADDR");
        if (addr == null || addr.isEmpty()) return;
        Thread.ofPlatform().daemon().name("gort-pprof-env").start(() -> {
            try {
                PprofServer.start(addr);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("gort: GORT_PPROF_ADDR=" + addr + ": " + e.getMessage());
            }
        });
    }
}
