package dev.gort.junit;

import dev.gort.runtime.GoRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live goroutines, read from Go's all-goroutine dump ({@code runtime.Stack(buf, true)}): one
 * block per goroutine, {@code goroutine N [state]:}, then a {@code function(...)} line and a
 * tab-indented {@code file:line} line per frame, then {@code created by ...}; blocks are separated
 * by blank lines. The caller's own block comes first and is left out.
 */
final class Dumps {
    private Dumps() {}

    /** One goroutine of a dump. */
    record Goroutine(long id, String text) {
        /** The functions on its stack, innermost first, as the dump names them. */
        List<String> functions() {
            List<String> fns = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.endsWith("(...)")) fns.add(line.substring(0, line.length() - "(...)".length()));
            }
            return fns;
        }
    }

    private static final Pattern HEADER = Pattern.compile("^goroutine (\\d+) \\[");

    /** Every goroutine but the caller's, in id order. */
    static List<Goroutine> goroutines() {
        String[] blocks = GoRuntime.stack(true).split("\n\n");
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            Matcher m = HEADER.matcher(blocks[i]);
            if (m.find()) gs.add(new Goroutine(Long.parseLong(m.group(1)), blocks[i].strip() + "\n"));
        }
        return gs;
    }

    static Set<Long> ids(List<Goroutine> gs) {
        return gs.stream().map(Goroutine::id).collect(Collectors.toSet());
    }
}
