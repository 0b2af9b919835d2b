package dev.gort.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code go test -bench . -cpu 1,2} in bench/go (medians over its {@code -count} runs) or, where
 * Go is not installed, the reference figures of shared/reference/go-bench.md (marked as such in
 * the table's header). A benchmark is a gort row when its class is in {@code dev.gort.bench}, a
 * peer when in {@code dev.gort.bench.peers}; rows join on the method name.
 *
 * <p>Usage: {@code Report <jmh.csv> <go-output|-> <note>}; markdown on stdout.
 */
public final class Report {
    private Report() {}

    /** A row: the JMH method, Go's benchmark of the same operation, and the target ratio (0: none). */
    record Row(String method, String goName, double target) {}

    private static final double SPAWN = 2.0, PING_PONG = 1.5, PROD_CONS = 1.5, SELECT = 2.0, DEFER = 1.5, PANIC = 3.0, NONE = 0;

    /** The table's rows in order; the targets are the issues' (spawn, ping-pong, prod/cons, select, defer, panic+recover). */
    static final List<Row> ROWS = List.of(
            new Row("createGoroutines", "CreateGoroutines", SPAWN),
            new Row("createGoroutinesParallel", "CreateGoroutinesParallel", SPAWN),
            new Row("parkPingPong", "PingPong", PING_PONG),
            new Row("pingPong", "PingPong", PING_PONG),
            new Row("chanSync", "ChanSync", PING_PONG),
            new Row("chanProdCons0", "ChanProdCons0", PROD_CONS),
            new Row("chanProdCons10", "ChanProdCons10", PROD_CONS),
            new Row("chanProdCons100", "ChanProdCons100", PROD_CONS),
            new Row("chanUncontended", "ChanUncontended", NONE),
            new Row("chanContended", "ChanContended", NONE),
            new Row("chanNonblocking", "ChanNonblocking", NONE),
            new Row("chanCreation", "ChanCreation", NONE),
            new Row("selectUncontended", "SelectUncontended", SELECT),
            new Row("selectSyncContended", "SelectSyncContended", SELECT),
            new Row("selectAsyncContended", "SelectAsyncContended", SELECT),
            new Row("selectNonblock", "SelectNonblock", SELECT),
            new Row("selectProdCons", "SelectProdCons", SELECT),
            new Row("newTimerStop", "NewTimerStop", NONE),
            new Row("defer", "Defer", DEFER),
            new Row("panicRecover", "PanicRecover", PANIC),
            new Row("waitGroupUncontended", "WaitGroupUncontended", NONE),
            new Row("waitGroupAddDone", "WaitGroupAddDone", NONE),
            new Row("mutexUncontended", "MutexUncontended", NONE),
            new Row("mutex", "Mutex", NONE),
            new Row("contextDoneSelect", "ContextDoneSelect", NONE),
            new Row("poolPutGet", "PoolPutGet", NONE));

    /**
     * Go's figures from shared/reference/go-bench.md (2-vCPU VM, Go 1.19.8), used only when Go is
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
            "PanicRecover", 99, 115);

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

    /** Go's medians: {@code BenchmarkX-2  N  123 ns/op}; no suffix means GOMAXPROCS 1. */
    static Map<String, Double> readGo(List<String> lines) {
        Map<String, List<Double>> runs = new TreeMap<>();
        for (String line : lines) {
            Matcher m = GO_LINE.matcher(line);
            if (m.find()) {
                String key = m.group(1) + "/" + (m.group(2) == null ? "1" : m.group(2));
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(m.group(3)));
            }
        }
        Map<String, Double> medians = new TreeMap<>();
        runs.forEach((k, v) -> medians.put(k, median(v)));
        return medians;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String table(Map<String, Score> gort, Map<String, Map<String, Score>> peers, Map<String, Double> go,
            boolean measuredGo, String note) {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | GOMAXPROCS | gort ns/op | Go ns/op | ratio gort/Go | target | met? | peers ns/op |\n");
        b.append("|---|---:|---:|---:|---:|---|---|---|\n");
        for (Row r : ROWS) {
            for (String procs : List.of("1", "2")) {
                String key = r.method() + "/" + procs;
                Score g = gort.get(key);
                Map<String, Score> p = peers.getOrDefault(key, Map.of());
                if (g == null && p.isEmpty()) continue;
                Double goNs = go.get(r.goName() + "/" + procs);
                b.append("| ").append(r.method().equals("parkPingPong") ? "ParkPingPong (vs Go's PingPong)" : r.goName())
                        .append(" | ").append(procs)
                        .append(" | ").append(g == null ? "—" : ns(g))
                        .append(" | ").append(goNs == null ? "—" : fmt(goNs))
                        .append(" | ").append(g == null || goNs == null ? "—" : String.format(Locale.ROOT, "%.2f×", g.ns() / goNs))
                        .append(" | ").append(target(r, p))
                        .append(" | ").append(met(r, g, goNs, p))
                        .append(" | ").append(peerList(p)).append(" |\n");
            }
        }
        b.append('\n').append(measuredGo
                ? "Go: measured in the same run (`go test -bench . -cpu 1,2` in bench/go), median of its runs.\n"
                : "Go: not installed here, so Go's column is the reference figures of shared/reference/go-bench.md (not measured in this run).\n");
        b.append("gort and peers: JMH average time, ± the 99.9% interval where JMH had enough samples; peers run the same shape on virtual threads of the JDK's default scheduler with parallelism = GOMAXPROCS.\n");
        b.append(note).append('\n');
        return b.toString();
    }

    private static String target(Row r, Map<String, Score> peers) {
        String t = r.target() == NONE ? "" : String.format(Locale.ROOT, "≤ %.1f× Go", r.target());
        if (peers.containsKey("Jox")) t = t.isEmpty() ? "faster than jox" : t + ", faster than jox";
        return t.isEmpty() ? "—" : t;
    }

    private static String met(Row r, Score g, Double goNs, Map<String, Score> peers) {
        if (g == null) return "—";
        List<String> misses = new ArrayList<>();
        boolean judged = false;
        if (r.target() != NONE && goNs != null) {
            judged = true;
            if (g.ns() > r.target() * goNs) misses.add("ratio");
        }
        Score jox = peers.get("Jox");
        if (jox != null) {
            judged = true;
            if (g.ns() >= jox.ns()) misses.add("jox faster");
        }
        if (!judged) return "—";
        return misses.isEmpty() ? "yes" : "no (" + String.join(", ", misses) + ")";
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
