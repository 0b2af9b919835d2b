package dev.gort.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints bench/run's one table: every gort benchmark beside Go's figure for the same operation,
 * the ratio, the target for it, and the peers measured in the same JMH run.
 *
 * <p>Inputs: JMH's CSV result ({@code -rf csv}) and either the output of
 * {@code go test -bench . -cpu 1,2} in bench/go (the minimum over its runs before and after the
 * JMH suite) or, where Go is not installed, {@link #REFERENCE} (marked as such under the table). A benchmark is a gort row when its class is in {@code dev.gort.bench}, a
 * peer when in {@code dev.gort.bench.peers}; rows join on the method name.
 *
 * <p>Usage: {@code Report <jmh.csv> <go-output|-> <note>}; markdown on stdout.
 */
public final class Report {
    private Report() {}

    /**
     * A target for one row at one GOMAXPROCS (issue 12's, and the earlier issues' for rows it does
     * not name): gort ≤ {@code toGo} × Go's figure (0: none), ≤ {@code toFloor} × the bare
     * park/unpark round trip on gort's scheduler measured in the same run (0: none), faster than
     * every peer ({@code beatPeers}) or than jox ({@code beatJox}).
     */
    record Target(double toGo, double toFloor, boolean beatPeers, boolean beatJox) {
        static final Target NONE = new Target(0, 0, false, false);

        static Target go(double ratio) {
            return new Target(ratio, 0, false, false);
        }

        Target andJox() {
            return new Target(toGo, toFloor, beatPeers, true);
        }

        boolean any() {
            return toGo != 0 || toFloor != 0 || beatPeers || beatJox;
        }
    }

    /** A row: the JMH method, Go's benchmark of the same operation, and its targets at GOMAXPROCS 1 and 2. */
    record Row(String method, String goName, Target p1, Target p2) {
        Row(String method, String goName, Target both) {
            this(method, goName, both, both);
        }

        Target at(String procs) {
            return procs.equals("1") ? p1 : p2;
        }
    }

    /** The bare park/unpark round trip on gort's scheduler: the floor under every hand-off. */
    static final String FLOOR = "parkPingPong";
    /** Two goroutines taking turns on one volatile field, never parking: the floor under a spinning hand-off between P's. */
    static final String SPIN_FLOOR = "spinPingPong";
    /** Rows that measure a floor rather than a Go operation, and how the table names them. */
    static final Map<String, String> FLOORS = Map.of(
            FLOOR, "ParkPingPong (the floor; vs Go's PingPong)",
            SPIN_FLOOR, "SpinPingPong (P=2: the cross-carrier floor; vs Go's PingPong)",
            "captureCaller", "Stack capture (the floor; vs Go's Caller)",
            "capture32", "Stack capture, 32 deep (the floor; vs Go's Callers32)",
            "stackWalk32", "StackWalk32 (a walk's floor; vs Go's Callers32)");

    private static final Target SPAWN = Target.go(2.0), CHAN = Target.go(1.5).andJox(), SELECT = Target.go(2.0);

    /** The table's rows in order. */
    static final List<Row> ROWS = List.of(
            new Row("createGoroutines", "CreateGoroutines", SPAWN),
            new Row("createGoroutinesParallel", "CreateGoroutinesParallel", SPAWN, Target.go(1.5)),
            new Row(FLOOR, "PingPong", Target.NONE),
            new Row(SPIN_FLOOR, "PingPong", Target.NONE),
            new Row("pingPong", "PingPong", new Target(0, 1.1, true, false), Target.go(1.0)),
            new Row("chanSync", "ChanSync", CHAN),
            new Row("chanProdCons0", "ChanProdCons0", CHAN),
            new Row("chanProdCons10", "ChanProdCons10", CHAN),
            new Row("chanProdCons100", "ChanProdCons100", CHAN),
            new Row("pingPongTraced", "PingPongTraced", Target.NONE),
            new Row("chanProdCons10Traced", "ChanProdCons10Traced", Target.NONE),
            new Row("chanUncontended", "ChanUncontended", Target.NONE),
            new Row("chanContended", "ChanContended", Target.NONE),
            new Row("chanNonblocking", "ChanNonblocking", Target.NONE),
            new Row("chanCreation", "ChanCreation", Target.NONE),
            new Row("selectUncontended", "SelectUncontended", SELECT.andJox()),
            new Row("selectSyncContended", "SelectSyncContended", SELECT),
            new Row("selectAsyncContended", "SelectAsyncContended", SELECT.andJox()),
            new Row("selectNonblock", "SelectNonblock", SELECT),
            new Row("selectProdCons", "SelectProdCons", SELECT),
            new Row("newTimerStop", "NewTimerStop", Target.NONE),
            new Row("defer", "Defer", Target.go(1.5)),
            new Row("panicRecover", "PanicRecover", Target.go(3.0)),
            new Row("captureCaller", "Caller", Target.NONE),
            new Row("caller", "Caller", Target.go(1.5)),
            new Row("capture32", "Callers32", Target.NONE),
            new Row("stackWalk32", "Callers32", Target.NONE),
            new Row("callers32", "Callers32", Target.go(3.0)),
            new Row("waitGroupUncontended", "WaitGroupUncontended", Target.NONE),
            new Row("waitGroupAddDone", "WaitGroupAddDone", Target.NONE),
            new Row("mutexUncontended", "MutexUncontended", Target.NONE),
            new Row("mutex", "Mutex", Target.NONE),
            new Row("contextDoneSelect", "ContextDoneSelect", Target.NONE),
            new Row("poolPutGet", "PoolPutGet", Target.NONE));

    /**
     * Go's figures recorded on a 2-vCPU VM like this one (Go 1.19.8), used only when Go is
     * not installed: the second series' medians where it has one, else the middle of the first
     * series' range. Key: Go benchmark name + "/" + GOMAXPROCS.
     */
    static final Map<String, Double> REFERENCE = reference(
            "CreateGoroutines", 160, 183, "CreateGoroutinesParallel", 165, 102, "PingPong", 213, 238,
            "ChanSync", 111, 142, "ChanProdCons0", 146, 153, "ChanProdCons10", 50, 64,
            "ChanProdCons100", 37, 46, "ChanUncontended", 3316, 2287, "ChanContended", 3353, 4195,
            "ChanNonblocking", 2.7, 1.5, "ChanCreation", 61, 67, "SelectUncontended", 60, 33,
            "SelectSyncContended", 342, 491, "SelectAsyncContended", 60, 80, "SelectNonblock", 12.1, 10.7,
            "SelectProdCons", 310, 315, "NewTimerStop", 287, 236, "Defer", 5.0, 4.9,
            "PanicRecover", 99, 115, "Caller", 561, 680);

    private static Map<String, Double> reference(Object... kv) {
        Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 3) {
            m.put(kv[i] + "/1", ((Number) kv[i + 1]).doubleValue());
            m.put(kv[i] + "/2", ((Number) kv[i + 2]).doubleValue());
        }
        return m;
    }

    /** A JMH result: score and its 99.9% error half-width (NaN with one sample), ns/op. */
    record Score(double ns, double error) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) throw new IllegalArgumentException("usage: Report <jmh.csv> <go-output|-> <note>");
        Map<String, Score> gort = new TreeMap<>();
        Map<String, Map<String, Score>> peers = new TreeMap<>();
        readJmh(Path.of(args[0]), gort, peers);
        boolean measuredGo = !args[1].equals("-");
        Map<String, Double> go = measuredGo ? readGo(Files.readAllLines(Path.of(args[1]))) : REFERENCE;
        System.out.print(table(gort, peers, go, measuredGo, args[2]));
    }

    /** Reads JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: gomaxprocs". */
    static void readJmh(Path csv, Map<String, Score> gort, Map<String, Map<String, Score>> peers) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> head = splitCsv(lines.get(0));
        int bench = head.indexOf("Benchmark"), score = head.indexOf("Score"), err = head.indexOf("Score Error (99.9%)");
        int unit = head.indexOf("Unit"), procs = head.indexOf("Param: gomaxprocs");
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = splitCsv(line);
            if (!f.get(unit).equals("ns/op")) throw new IllegalStateException("not ns/op: " + line);
            String full = f.get(bench);
            int dot = full.lastIndexOf('.');
            String cls = full.substring(0, dot), method = full.substring(dot + 1);
            String key = method + "/" + f.get(procs);
            Score s = new Score(Double.parseDouble(f.get(score)), parseOrNaN(f.get(err)));
            if (cls.startsWith("dev.gort.bench.peers.")) {
                String peer = cls.substring(cls.lastIndexOf('.') + 1).replaceFirst("Peer$", "");
                peers.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(peer, s);
            } else {
                gort.put(key, s);
            }
        }
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) out.add(f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f);
        return out;
    }

    private static final Pattern GO_LINE = Pattern.compile("^Benchmark(\\w+?)(?:-(\\d+))?\\s+\\d+\\s+([0-9.]+) ns/op");

    /**
     * Go's figures: {@code BenchmarkX-2  N  123 ns/op} (no suffix means GOMAXPROCS 1), the minimum
     * over every run in {@code lines} (bench/run passes the runs made before and after the JMH
     * suite), so that one noisy minute cannot flatter gort.
     */
    static Map<String, Double> readGo(List<String> lines) {
        Map<String, List<Double>> runs = new TreeMap<>();
        for (String line : lines) {
            Matcher m = GO_LINE.matcher(line);
            if (m.find()) {
                String key = m.group(1) + "/" + (m.group(2) == null ? "1" : m.group(2));
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(m.group(3)));
            }
        }
        Map<String, Double> minima = new TreeMap<>();
        runs.forEach((k, v) -> minima.put(k, v.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
        return minima;
    }

    static String table(Map<String, Score> gort, Map<String, Map<String, Score>> peers, Map<String, Double> go,
            boolean measuredGo, String note) {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | GOMAXPROCS | gort ns/op | ± ≤ 20%? | Go ns/op | ratio gort/Go | target | met? | peers ns/op |\n");
        b.append("|---|---:|---:|---|---:|---:|---|---|---|\n");
        for (Row r : ROWS) {
            for (String procs : List.of("1", "2")) {
                String key = r.method() + "/" + procs;
                Score g = gort.get(key);
                Map<String, Score> p = peers.getOrDefault(key, Map.of());
                if (g == null && p.isEmpty()) continue;
                Double goNs = go.get(r.goName() + "/" + procs);
                Score floor = gort.get(FLOOR + "/" + procs);
                Target t = r.at(procs);
                b.append("| ").append(FLOORS.getOrDefault(r.method(), r.goName()))
                        .append(" | ").append(procs)
                        .append(" | ").append(g == null ? "—" : ns(g))
                        .append(" | ").append(g == null ? "—" : tight(g) ? "yes" : "no")
                        .append(" | ").append(goNs == null ? "—" : fmt(goNs))
                        .append(" | ").append(g == null || goNs == null ? "—" : String.format(Locale.ROOT, "%.2f×", g.ns() / goNs))
                        .append(" | ").append(target(t))
                        .append(" | ").append(met(t, g, goNs, floor, p))
                        .append(" | ").append(peerList(p)).append(" |\n");
            }
        }
        b.append('\n').append(measuredGo
                ? "Go: measured in the same run (`go test -bench . -cpu 1,2` in bench/go, before and after the JMH suite), the minimum of its runs.\n"
                : "Go: not installed here, so Go's column is Go 1.19's figures recorded earlier on this kind of 2-vCPU machine (REFERENCE in Report.java; not measured in this run).\n");
        b.append("gort and peers: JMH average time ± the 99.9% interval; \"± ≤ 20%?\" says whether that interval is within ±20% of the figure"
                + " (a row whose interval is wider decides nothing). Peers run the same shape on virtual threads of the JDK's default scheduler"
                + " with parallelism = GOMAXPROCS. The floor is SchedBench.parkPingPong: a bare Sched.gopark/goready round trip on gort's scheduler.\n");
        b.append(note).append('\n');
        return b.toString();
    }

    /** Is the 99.9% interval within ±20% of the score? */
    private static boolean tight(Score s) {
        return !Double.isNaN(s.error()) && s.error() <= 0.2 * s.ns();
    }

    private static String target(Target t) {
        List<String> parts = new ArrayList<>();
        if (t.toGo() != 0) parts.add(String.format(Locale.ROOT, "≤ %.1f× Go", t.toGo()));
        if (t.toFloor() != 0) parts.add(String.format(Locale.ROOT, "≤ %.1f× the floor", t.toFloor()));
        if (t.beatPeers()) parts.add("faster than every peer");
        if (t.beatJox()) parts.add("faster than jox");
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    private static String met(Target t, Score g, Double goNs, Score floor, Map<String, Score> peers) {
        if (g == null || !t.any()) return "—";
        List<String> misses = new ArrayList<>();
        if (t.toGo() != 0 && goNs != null && g.ns() > t.toGo() * goNs) misses.add("ratio to Go");
        if (t.toFloor() != 0 && floor != null && g.ns() > t.toFloor() * floor.ns()) {
            misses.add(String.format(Locale.ROOT, "%.2f× the floor", g.ns() / floor.ns()));
        }
        peers.forEach((name, s) -> {
            if ((t.beatPeers() || t.beatJox() && name.equals("Jox")) && s.ns() <= g.ns()) misses.add(name + " faster");
        });
        return misses.isEmpty() ? "met" : "missed (" + String.join(", ", misses) + ")";
    }

    private static String peerList(Map<String, Score> peers) {
        if (peers.isEmpty()) return "—";
        List<String> out = new ArrayList<>();
        peers.forEach((name, s) -> out.add(name + " " + fmt(s.ns())));
        return String.join(" · ", out);
    }

    private static String ns(Score s) {
        return Double.isNaN(s.error()) ? fmt(s.ns()) : fmt(s.ns()) + " ± " + fmt(s.error());
    }

    private static String fmt(double ns) {
        return ns >= 100 ? String.format(Locale.ROOT, "%,.0f", ns) : String.format(Locale.ROOT, "%.1f", ns);
    }
}
