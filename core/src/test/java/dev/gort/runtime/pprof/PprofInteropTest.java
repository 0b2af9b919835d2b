package dev.gort.runtime.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.internal.sched.WaitReason;
import dev.gort.net.http.pprof.PprofServer;
import dev.gort.runtime.GoRuntime;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import dev.gort.testing.Goroutines;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every profile gort writes, read by real Go's {@code go tool pprof}, from files and from the HTTP endpoint. */
class PprofInteropTest {
    @TempDir
    Path dir;

    static volatile long sink;

    /** A CPU hog the profile must find on top. */
    static long hotLoop(long until) {
        long x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private Path write(String name, int debug) throws Exception {
        Path f = dir.resolve(name + (debug == 0 ? ".pb.gz" : ".txt"));
        try (OutputStream out = Files.newOutputStream(f)) {
            Pprof.lookup(name).writeTo(out, debug);
        }
        return f;
    }

    @Test
    void everyProfileKindIsReadByGoToolPprof() throws Exception {
        GoTool.go();
        GoRuntime.setBlockProfileRate(1);
        GoRuntime.setMutexProfileFraction(1);
        try {
            contend();
            List<byte[]> keep = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) keep.add(new byte[1024]);
            sink = keep.size();
            Profile custom = Pprof.newProfile("gort.test.handles");
            Object handle = new Object();
            custom.add(handle, 0);

            for (String name : List.of("goroutine", "threadcreate", "heap", "allocs", "block", "mutex", "gort.test.handles")) {
                Path f = write(name, 0);
                String raw = GoTool.pprof("-raw", f.toString());
                assertTrue(raw.contains("PeriodType:"), name + ": " + raw);
                GoTool.pprof("-top", f.toString());
            }
            assertTrue(GoTool.pprof("-raw", write("gort.test.handles", 0).toString()).contains("gort.test.handles/count"));
            assertTrue(GoTool.pprof("-sample_index=delay", "-top", write("block", 0).toString()).contains("contend"));
            String allocs = GoTool.pprof("-raw", write("allocs", 0).toString());
            assertTrue(allocs.contains("alloc_objects/count alloc_space/bytes[dflt] inuse_objects/count inuse_space/bytes"), allocs);
            custom.remove(handle);
        } finally {
            GoRuntime.setBlockProfileRate(0);
            GoRuntime.setMutexProfileFraction(0);
        }
    }

    /** Contended gort mutex and a blocking channel receive, for the block and mutex profiles. */
    private static void contend() throws InterruptedException {
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Go.go(() -> {
                for (int i = 0; i < 200; i++) {
                    mu.lock();
                    try {
                        Thread.sleep(0, 50_000);
                    } finally {
                        mu.unlock();
                    }
                }
                wg.done();
            });
        }
        Chan<Integer> c = new Chan<>();
        Go.go(() -> {
            Thread.sleep(20);
            c.send(1);
        });
        c.recv();
        wg.await();
    }

    @Test
    void hotLoopTopsTheCpuProfileAndItsLabelsShow() throws Exception {
        GoTool.go();
        Path f = dir.resolve("cpu.pb.gz");
        try (OutputStream out = Files.newOutputStream(f)) {
            Pprof.startCPUProfile(out);
            try {
                Goroutines.Started hog = Goroutines.start(() -> Pprof.doWithLabels(Pprof.labels("worker", "hot"),
                        () -> sink = hotLoop(System.nanoTime() + 3_000_000_000L)));
                hog.join();
            } finally {
                Pprof.stopCPUProfile();
            }
        }
        String top = GoTool.pprof("-top", f.toString());
        String firstRow = top.lines().dropWhile(l -> !l.trim().startsWith("flat")).skip(1).findFirst().orElse("");
        assertTrue(firstRow.contains("hotLoop"), top);
        String tags = GoTool.pprof("-tags", f.toString());
        assertTrue(tags.contains("worker") && tags.contains("hot"), tags);
        String raw = GoTool.pprof("-raw", f.toString());
        assertTrue(raw.contains("samples/count cpu/nanoseconds"), raw);
    }

    @Test
    void tenThousandParkedGoroutinesAreGroupedWithTheirLabels() throws Exception {
        GoTool.go();
        int n = 10_000;
        Chan<Integer> release = new Chan<>();
        WaitGroup parked = new WaitGroup();
        parked.add(n);
        Pprof.doWithLabels(Pprof.labels("pool", "parked"), () -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> parkedHere(release, parked));
            }
        });
        try {
            parked.await();
            Goroutines.awaitTrue(() -> GoRuntime.goroutineProfile().size() >= n, "goroutines started");
            waitParked(release, n);
            String raw = GoTool.pprof("-raw", write("goroutine", 0).toString());
            assertTrue(Pattern.compile("(?m)^\\s*" + n + ": ").matcher(raw).find(), raw.substring(0, Math.min(raw.length(), 3000)));
            String tags = GoTool.pprof("-tags", write("goroutine", 0).toString());
            assertTrue(tags.contains("pool: Total " + n) && tags.contains("parked"), tags);
            String text = Files.readString(write("goroutine", 1));
            assertTrue(text.contains("\n" + n + " @ 0x"), text.substring(0, Math.min(text.length(), 2000)));
            assertTrue(text.contains("# labels: {\"pool\":\"parked\"}"), text.substring(0, Math.min(text.length(), 2000)));
            assertTrue(text.contains("PprofInteropTest.parkedHere+0x"), text.substring(0, Math.min(text.length(), 2000)));
        } finally {
            release.close();
        }
    }

    private static void parkedHere(Chan<Integer> release, WaitGroup parked) {
        parked.done();
        release.recv();
    }

    /** Waits until {@code n} goroutines are parked receiving (so that one stack holds them all). */
    private static void waitParked(Chan<Integer> release, int n) {
        Goroutines.awaitTrue(() -> dev.gort.internal.sched.Sched.allGoroutines().stream()
                .filter(g -> g.isParked() && g.waitReason == WaitReason.CHAN_RECEIVE).count() >= n, n + " goroutines parked");
    }

    @Test
    void liveEndpointsServeGoToolPprofAndGoErrors() throws Exception {
        GoTool.go();
        try (PprofServer server = PprofServer.start()) {
            String base = server.url();
            AtomicBoolean stop = new AtomicBoolean();
            Goroutines.Started hog = Goroutines.start(() -> {
                while (!stop.get()) sink = hotLoop(System.nanoTime() + 100_000_000L);
            });
            try {
                String raw = GoTool.pprof("-raw", base + "profile?seconds=2");
                assertTrue(raw.contains("samples/count cpu/nanoseconds"), raw);
                for (String name : List.of("heap", "allocs", "goroutine", "threadcreate", "block", "mutex")) {
                    assertTrue(GoTool.pprof("-raw", base + name).contains("PeriodType:"), name);
                }
                assertTrue(GoTool.pprof("-raw", base + "goroutine?seconds=1").contains("PeriodType:"));
                assertTrue(GoTool.pprof("-raw", base + "wall?seconds=1").contains("samples/count wall/nanoseconds"));

                Response r = get(base + "nosuch");
                assertEquals(404, r.status());
                assertEquals("Unknown profile\n", r.body());
                assertEquals("1", r.header("X-Go-Pprof").orElse(""));
                assertEquals("text/plain; charset=utf-8", r.header("Content-Type").orElse(""));

                r = get(base + "heap?seconds=-1");
                assertEquals(400, r.status());
                assertEquals("invalid value for \"seconds\" - must be a positive integer\n", r.body());

                r = get(base + "cmdline");
                assertEquals(200, r.status());
                assertEquals("nosniff", r.header("X-Content-Type-Options").orElse(""));

                r = get(base);
                assertTrue(r.body().contains("<a href='goroutine?debug=1'>goroutine</a>"), r.body());
                assertEquals("text/html; charset=utf-8", r.header("Content-Type").orElse(""));

                r = get(base + "goroutine?debug=2");
                assertTrue(r.body().startsWith("goroutine "), r.body());

                long pc = GoRuntime.funcForPC(GoRuntime.goroutineProfile().getFirst().stack()[0]).entry();
                r = request("POST", base + "symbol", "0x" + Long.toHexString(pc) + "+0x1");
                assertTrue(r.body().startsWith("num_symbols: 1\n0x" + Long.toHexString(pc) + " "), r.body());

                // a second CPU profile while one runs: Go's 500
                CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(base + "profile?seconds=3");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                Goroutines.awaitTrue(dev.gort.internal.prof.CpuProf::profiling, "first CPU profile running");
                r = get(base + "profile?seconds=1");
                assertEquals(500, r.status());
                assertEquals("Could not enable CPU profiling: cpu profiling already in use\n", r.body());
                assertEquals(200, first.join().status());

                r = get(base + "trace?seconds=0.2"); // the execution tracer streams a Go 1.19 trace
                assertEquals(200, r.status());
                assertTrue(r.body().startsWith("go 1.19 trace"), r.body());
            } finally {
                stop.set(true);
                hog.join();
            }
        }
    }

    record Response(int status, String body, java.util.Map<String, List<String>> headers) {
        java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(e -> e.getValue().getFirst()).findFirst();
        }
    }

    private static Response get(String url) throws Exception {
        return request("GET", url, null);
    }

    private static Response request(String method, String url, String body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setReadTimeout(120_000);
        if (body != null) {
            c.setDoOutput(true);
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, text, c.getHeaderFields());
    }

    @Test
    void secondCpuProfileFailsAsInGo() {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        Pprof.startCPUProfile(a);
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> Pprof.startCPUProfile(new ByteArrayOutputStream()));
            assertEquals("cpu profiling already in use", e.getMessage());
        } finally {
            Pprof.stopCPUProfile();
        }
        assertTrue(a.size() > 0);
    }
}
