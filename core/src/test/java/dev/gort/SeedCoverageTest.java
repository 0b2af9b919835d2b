package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.metrics.Description;
import dev.gort.runtime.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The specification is complete in gort: every symbol Go's runtime documentation names (the list
 * in seed-symbols.txt, extracted once from it) has a Java home, found by reflection under Java's
 * spelling of the Go name, or a row in docs/mapping.md saying how it maps or why it has no JVM
 * meaning. Environment variables, GODEBUG keys and the Security rules can only have rows.
 */
class SeedCoverageTest {
    private static final String RUNTIME = "dev.gort.runtime.";

    record Symbol(String kind, String name) {}

    static List<Symbol> seedSymbols() throws IOException {
        List<Symbol> symbols = new ArrayList<>();
        try (InputStream in = SeedCoverageTest.class.getResourceAsStream("seed-symbols.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split(" ");
                symbols.add(new Symbol(f[0], f[1]));
            }
        }
        return symbols;
    }

    /** Every word inside backquotes in a table row of docs/mapping.md, dotted names also split. */
    static Set<String> mappingWords() throws IOException {
        Path doc = Path.of("..", "docs", "mapping.md");
        if (!Files.exists(doc)) doc = Path.of("docs", "mapping.md");
        Set<String> words = new HashSet<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : Files.readAllLines(doc)) {
            if (!line.startsWith("|")) continue;
            Matcher m = code.matcher(line);
            while (m.find()) {
                for (String w : m.group(1).split("[^A-Za-z0-9_.*/:-]+")) {
                    if (w.isEmpty()) continue;
                    words.add(w);
                    for (String part : w.split("\\.")) words.add(part);
                }
            }
        }
        return words;
    }

    /** Java's spelling of a Go identifier: the leading capitals lower-cased (NumCPU → numCPU, CPUProfile → cpuProfile, GOMAXPROCS → gomaxprocs). */
    static String lowerCamel(String go) {
        int n = 0;
        while (n < go.length() && Character.isUpperCase(go.charAt(n))) n++;
        if (n == go.length()) return go.toLowerCase(Locale.ROOT);
        int cut = n > 1 ? n - 1 : n;
        return go.substring(0, cut).toLowerCase(Locale.ROOT) + go.substring(cut);
    }

    static boolean hasJavaHome(Symbol s) {
        String n = s.name();
        return switch (s.kind()) {
            case "func", "var" -> hasMethod(GoRuntime.class, lowerCamel(n));
            case "const" -> hasField(GoRuntime.class, n) || hasField(GoRuntime.class, n.toUpperCase(Locale.ROOT));
            case "type" -> type(n) != null;
            case "method", "field" -> {
                String[] p = n.split("\\.");
                Class<?> t = p.length == 2 ? type(p[0]) : null;
                yield t != null && (hasMethod(t, lowerCamel(p[1])) || hasField(t, lowerCamel(p[1])));
            }
            default -> false; // env, godebug, security: documentation only
        };
    }

    private static Class<?> type(String go) {
        try {
            Class<?> c = Class.forName(RUNTIME + go);
            return Modifier.isPublic(c.getModifiers()) ? c : null;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static boolean hasMethod(Class<?> c, String name) {
        for (Method m : c.getMethods()) if (m.getName().equals(name)) return true;
        return false;
    }

    private static boolean hasField(Class<?> c, String name) {
        for (Field f : c.getFields()) if (f.getName().equals(name)) return true;
        return false;
    }

    /** The last component of a member, the whole name otherwise: what a mapping row names. */
    private static String rowWord(Symbol s) {
        String n = s.name();
        return s.kind().equals("method") || s.kind().equals("field") ? n.substring(n.lastIndexOf('.') + 1) : n;
    }

    @Test
    void everySeedSymbolHasAJavaHomeOrAMappingRow() throws IOException {
        List<Symbol> symbols = seedSymbols();
        assertTrue(symbols.size() >= 150, "the seed list is read: " + symbols.size());
        Set<String> words = mappingWords();
        List<String> missing = new ArrayList<>();
        int homes = 0;
        for (Symbol s : symbols) {
            boolean home = hasJavaHome(s);
            if (home) homes++;
            if (!home && !words.contains(rowWord(s))) missing.add(s.kind() + " " + s.name());
        }
        assertEquals(List.of(), missing, "symbols with neither a Java home nor a docs/mapping.md row");
        assertTrue(homes >= 60, "Java homes found by reflection: " + homes);
    }

    @Test
    void everySeedSymbolHasAMappingRow() throws IOException {
        Set<String> words = mappingWords();
        List<String> missing = new ArrayList<>();
        for (Symbol s : seedSymbols()) if (!words.contains(rowWord(s))) missing.add(s.kind() + " " + s.name());
        assertEquals(List.of(), missing, "seed symbols without a docs/mapping.md row");
    }

    @Test
    void everyMetricHasAMappingRow() throws IOException {
        Set<String> words = mappingWords();
        List<String> missing = new ArrayList<>();
        for (Description d : Metrics.all()) if (!words.contains(d.name())) missing.add(d.name());
        assertEquals(List.of(), missing, "runtime/metrics names without a docs/mapping.md row");
    }
}
