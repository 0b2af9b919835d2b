package dev.gort.net.http.pprof;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gort.internal.prof.Builtins;
import dev.gort.internal.prof.CpuProf;
import dev.gort.internal.prof.ProcessInfo;
import dev.gort.internal.prof.ProfileBuilder;
import dev.gort.internal.prof.WallProf;
import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.pprof.Pprof;
import dev.gort.runtime.pprof.Profile;
import dev.gort.runtime.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Go's {@code net/http/pprof}: the {@code /debug/pprof/} endpoints, on the JDK's built-in HTTP
 * server, with Go's paths, parameters, headers, status codes and error texts, so that
 * {@code go tool pprof http://host:port/debug/pprof/profile} and other Go tooling work unchanged.
 *
 * <h2>Endpoints</h2>
 * {@code /debug/pprof/} (index), {@code cmdline}, {@code profile?seconds=} (CPU),
 * {@code symbol} (GET and POST), {@code trace}, and every profile by name ({@code heap},
 * {@code goroutine}, {@code allocs}, {@code block}, {@code mutex}, {@code threadcreate}, custom
 * ones) with {@code debug}, {@code gc} and {@code seconds} (delta) parameters. Beyond Go:
 * {@code wall?seconds=}, a wall-clock profile of all goroutines, parked ones included
 * ({@link WallProf}). Named endpoints are one table ({@link #endpoints}).
 *
 * <h2>Binding</h2>
 * 127.0.0.1 unless another address is given: {@code start("localhost:6060")},
 * {@code start("0.0.0.0:6060")} (all interfaces, asked for explicitly), port 0 for any free port.
 * An empty host ({@code ":6060"}, Go's spelling for all interfaces) binds 127.0.0.1 here: profiles
 * expose the program's internals, so exposure must be spelled out. With the environment variable
 * {@code GORT_PPROF_ADDR=localhost:6060}, gort starts the server by itself when its runtime starts.
 *
 * <p>Requests run on virtual threads (not goroutines), one each; a CPU or wall profile request
 * holds its thread for the profile's duration. Unlike Go's handlers, a client that disconnects
 * does not end the profile early (the JDK's server does not report it).
 */
public final class PprofServer implements AutoCloseable {
    /** Go's default CPU profile duration when {@code seconds} is missing or not positive. */
    private static final int DEFAULT_SECONDS = 30;
    private static final Set<String> DELTA = Set.of("allocs", "block", "goroutine", "heap", "mutex", "threadcreate");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "allocs", "A sampling of all past memory allocations",
            "block", "Stack traces that led to blocking on synchronization primitives",
            "cmdline", "The command line invocation of the current program",
            "goroutine", "Stack traces of all current goroutines",
            "heap", "A sampling of memory allocations of live objects. You can specify the gc GET parameter to run GC before taking the heap sample.",
            "mutex", "Stack traces of holders of contended mutexes",
            "profile", "CPU profile. You can specify the duration in the seconds GET parameter. After you get the profile file, use the go tool pprof command to investigate the profile.",
            "threadcreate", "Stack traces that led to the creation of new OS threads",
            "trace", "A trace of execution of the current program. You can specify the duration in the seconds GET parameter. After you get the trace file, use the go tool trace command to investigate the trace.",
            "wall", "Wall-clock profile of all goroutines, parked ones included (gort). You can specify the duration in the seconds GET parameter.");

    /** An endpoint under /debug/pprof/. */
    @FunctionalInterface
    interface Endpoint {
        void serve(Request r) throws IOException, InterruptedException;
    }

    /** The endpoints that are not profiles, by path under /debug/pprof/. */
    private static Map<String, Endpoint> endpoints() {
        Map<String, Endpoint> m = new HashMap<>();
        m.put("cmdline", PprofServer::cmdline);
        m.put("profile", PprofServer::cpuProfile);
        m.put("symbol", PprofServer::symbol);
        m.put("trace", PprofServer::trace);
        m.put("wall", PprofServer::wallProfile);
        return m;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Endpoint> endpoints = endpoints();

    private PprofServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving /debug/pprof/ at {@code addr} ({@code host:port}; an empty host is 127.0.0.1;
     * port 0 picks a free one).
     *
     * @throws IllegalArgumentException for an address without a port
     * @param addr the address to listen on, {@code host:port}
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static PprofServer start(String addr) throws IOException {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("address " + addr + ": missing port in address");
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + addr + ": invalid port");
        }
        InetSocketAddress at = new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
        HttpServer s = HttpServer.create(at, 0);
        ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gort-pprof-", 0).factory());
        s.setExecutor(ex);
        PprofServer ps = new PprofServer(s, ex);
        s.createContext("/debug/pprof/", ps::handle);
        // The server's dispatcher thread inherits daemon status from the thread that starts it: a
        // daemon, so that serving profiles never keeps a program alive (a Go program exits when main
        // returns, whatever its HTTP servers do).
        Thread starter = Thread.ofPlatform().daemon().name("gort-pprof-start").start(s::start);
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ps;
    }

    /**
     * Starts serving at 127.0.0.1 on a free port.
     *
     * @return the running server
     * @throws IOException when no port can be bound
     */
    public static PprofServer start() throws IOException {
        return start("127.0.0.1:0");
    }

    /** {@return The address served} */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@return {@code http://host:port/debug/pprof/}} */
    public String url() {
        InetSocketAddress a = address();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/debug/pprof/";
    }

    /** Stops serving (requests in progress are given a second to finish). */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    // ---------------------------------------------------------------- dispatch

    /** One request: the exchange, its query parameters (Go's FormValue: first value), and the name after /debug/pprof/. */
    record Request(HttpExchange ex, Map<String, String> form, String name) {
        String param(String key) {
            return form.getOrDefault(key, "");
        }

        void header(String key, String value) {
            ex.getResponseHeaders().set(key, value);
        }

        void send(int status, byte[] body) throws IOException {
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            ex.getResponseBody().write(body);
        }

        /** Go's serveError: plain text, {@code X-Go-Pprof: 1}, no Content-Disposition, the message and a newline. */
        void error(int status, String text) throws IOException {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.getResponseHeaders().set("X-Go-Pprof", "1");
            ex.getResponseHeaders().remove("Content-Disposition");
            send(status, (text + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void attachment(String filename, byte[] body) throws IOException {
            attachmentHeaders(filename);
            send(200, body);
        }

        /**
         * Sends the headers of an attachment now, its body to follow (chunked) once collected: a
         * profile that takes {@code seconds} answers at once, as pprof's client allows only half the
         * duration again for the response headers and JFR's start and final flush take a while.
         */
        void beginAttachment(String filename) throws IOException {
            attachmentHeaders(filename);
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().flush();
        }

        private void attachmentHeaders(String filename) {
            header("Content-Type", "application/octet-stream");
            header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String name = path.substring("/debug/pprof/".length());
            Request r = new Request(ex, form(ex.getRequestURI().getRawQuery()), name);
            r.header("X-Content-Type-Options", "nosniff");
            try {
                Endpoint e = endpoints.get(name);
                if (e != null) e.serve(r);
                else if (name.isEmpty()) index(r);
                else namedProfile(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r.error(500, "failed to collect profile");
            }
        }
    }

    /** Query parameters, first value of each (Go's FormValue). */
    static Map<String, String> form(String rawQuery) {
        Map<String, String> m = new HashMap<>();
        if (rawQuery == null) return m;
        for (String kv : rawQuery.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    /** Go's strconv.Atoi as the handlers use it: 0 when malformed. */
    private static long atoi(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- endpoints

    private static void cmdline(Request r) throws IOException {
        r.header("Content-Type", "text/plain; charset=utf-8");
        r.send(200, String.join("\0", ProcessInfo.args()).getBytes(StandardCharsets.UTF_8));
    }

    private static void cpuProfile(Request r) throws IOException, InterruptedException {
        long sec = atoi(r.param("seconds"));
        if (sec <= 0) sec = DEFAULT_SECONDS;
        try {
            CpuProf.start(r.ex().getResponseBody());
        } catch (IllegalStateException e) {
            r.error(500, "Could not enable CPU profiling: " + e.getMessage());
            return;
        }
        try {
            r.beginAttachment("profile");
            Thread.sleep(sec * 1000);
        } finally {
            CpuProf.stop();
        }
    }

    private static void wallProfile(Request r) throws IOException, InterruptedException {
        long sec = atoi(r.param("seconds"));
        if (sec <= 0) sec = DEFAULT_SECONDS;
        r.beginAttachment("wall");
        WallProf.collect(sec * 1_000_000_000L).write(r.ex().getResponseBody());
    }

    /**
     * Go's Trace: {@code seconds} as a float (0, negative or malformed: 1 s), the execution trace
     * streamed as it is written. The headers go out with the first chunk, so that a trace that
     * cannot start still gets Go's 500 {@code Could not enable tracing: tracing is already enabled}.
     */
    private static void trace(Request r) throws IOException, InterruptedException {
        double sec;
        try {
            sec = Double.parseDouble(r.param("seconds"));
        } catch (NumberFormatException e) {
            sec = 0;
        }
        if (!(sec > 0)) sec = 1;
        OutputStream body = new OutputStream() {
            private boolean begun;

            private OutputStream out() throws IOException {
                if (!begun) {
                    begun = true;
                    r.beginAttachment("trace");
                }
                return r.ex().getResponseBody();
            }

            @Override
            public void write(int b) throws IOException {
                out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out().flush();
            }
        };
        try {
            Trace.start(body);
        } catch (IllegalStateException e) {
            r.error(500, "Could not enable tracing: " + e.getMessage());
            return;
        }
        try {
            Thread.sleep((long) (sec * 1000));
        } finally {
            Trace.stop();
        }
    }

    /** Go's Symbol: {@code num_symbols: 1}, then {@code 0xPC name} for each known PC of the query or POST body ({@code +}-separated). */
    private static void symbol(Request r) throws IOException {
        r.header("Content-Type", "text/plain; charset=utf-8");
        String words;
        if (r.ex().getRequestMethod().equals("POST")) {
            try (InputStream in = r.ex().getRequestBody()) {
                words = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            String q = r.ex().getRequestURI().getRawQuery();
            words = q == null ? "" : q;
        }
        StringBuilder b = new StringBuilder("num_symbols: 1\n");
        for (String w : words.split("\\+")) {
            long pc = parseUint(w.trim());
            FuncInfo fn = pc == 0 ? null : SymTab.func(pc);
            if (fn != null) b.append("0x").append(Long.toHexString(pc)).append(' ').append(fn.name()).append('\n');
        }
        r.send(200, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Go's strconv.ParseUint(s, 0, 64) for the forms pprof sends (0x hex, 0 octal, decimal); 0 when malformed. */
    private static long parseUint(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseUnsignedLong(s.substring(2), 16);
            if (s.length() > 1 && s.startsWith("0")) return Long.parseUnsignedLong(s.substring(1), 8);
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Go's handler(name).ServeHTTP: a profile by name, with debug, gc and seconds. */
    private static void namedProfile(Request r) throws IOException, InterruptedException {
        Profile p = Pprof.lookup(r.name());
        if (p == null) {
            r.error(404, "Unknown profile");
            return;
        }
        if (!r.param("seconds").isEmpty()) {
            deltaProfile(r);
            return;
        }
        if (r.name().equals("heap") && atoi(r.param("gc")) > 0) GoRuntime.gc();
        int debug = (int) atoi(r.param("debug"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.writeTo(buf, debug);
        if (debug != 0) {
            r.header("Content-Type", "text/plain; charset=utf-8");
            r.send(200, buf.toByteArray());
        } else {
            r.attachment(r.name(), buf.toByteArray());
        }
    }

    /** Go's serveDeltaProfile: the profile now minus the profile {@code seconds} ago. */
    private static void deltaProfile(Request r) throws IOException, InterruptedException {
        long sec;
        try {
            sec = Long.parseLong(r.param("seconds"));
        } catch (NumberFormatException e) {
            sec = 0;
        }
        if (sec <= 0) {
            r.error(400, "invalid value for \"seconds\" - must be a positive integer");
            return;
        }
        if (!DELTA.contains(r.name())) {
            r.error(400, "\"seconds\" parameter is not supported for this profile type");
            return;
        }
        if (atoi(r.param("debug")) != 0) {
            r.error(400, "seconds and debug params are incompatible");
            return;
        }
        ProfileBuilder p0 = Builtins.collect(r.name());
        r.beginAttachment(r.name() + "-delta");
        Thread.sleep(sec * 1000);
        ProfileBuilder p1 = Builtins.collect(r.name());
        p1.subtract(p0);
        p1.write(r.ex().getResponseBody());
    }

    /** Go's Index page: every profile with its count, then cmdline, profile, trace (and wall), sorted by name. */
    private static void index(Request r) throws IOException {
        record Entry(String name, int count) {}
        List<Entry> entries = new ArrayList<>();
        for (Profile p : Pprof.profiles()) entries.add(new Entry(p.name(), p.count()));
        for (String n : List.of("cmdline", "profile", "trace", "wall")) entries.add(new Entry(n, 0));
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        StringBuilder b = new StringBuilder("""
                <html>
                <head>
                <title>/debug/pprof/</title>
                <style>
                .profile-name{
                \tdisplay:inline-block;
                \twidth:6rem;
                }
                </style>
                </head>
                <body>
                /debug/pprof/<br>
                <br>
                Types of profiles available:
                <table>
                <thead><td>Count</td><td>Profile</td></thead>
                """);
        for (Entry e : entries) {
            b.append("<tr><td>").append(e.count()).append("</td><td><a href='").append(escape(e.name())).append("?debug=1'>")
                    .append(escape(e.name())).append("</a></td></tr>\n");
        }
        b.append("""
                </table>
                <a href="goroutine?debug=2">full goroutine stack dump</a>
                <br>
                <p>
                Profile Descriptions:
                <ul>
                """);
        for (Entry e : entries) {
            b.append("<li><div class=profile-name>").append(escape(e.name())).append(": </div> ")
                    .append(escape(DESCRIPTIONS.getOrDefault(e.name(), ""))).append("</li>\n");
        }
        b.append("</ul>\n</p>\n</body>\n</html>");
        r.header("Content-Type", "text/html; charset=utf-8");
        r.send(200, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Go's html.EscapeString. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;");
    }
}
