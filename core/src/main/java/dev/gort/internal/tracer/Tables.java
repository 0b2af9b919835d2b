package dev.gort.internal.tracer;

import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trace's string and stack tables (Go's {@code trace.strings} and {@code trace.stackTab}):
 * events carry ids; the tables themselves are written once, after the last batch, as Go writes
 * its stack table (the parser reads the whole file before resolving ids, so strings may follow
 * their users too). Ids start at 1 (0 means "none" in both tables). Both maps are concurrent:
 * interning is the only shared step of recording an event, and a hit costs one map lookup.
 */
final class Tables {
    /** Go's limit on a stack record's frames is 1000; Go records at most 128 (traceStackSize). */
    static final int MAX_FRAMES = 128;

    private final Map<String, Long> strings = new ConcurrentHashMap<>();
    private final AtomicLong nextString = new AtomicLong(1);
    private final Map<Key, Long> stacks = new ConcurrentHashMap<>();
    private final AtomicLong nextStack = new AtomicLong(1);

    /** A stack as a map key: its PCs, innermost first. */
    private record Key(long[] pcs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(pcs, k.pcs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pcs);
        }
    }

    /** The id of {@code s} (0 for the empty string, as in Go). */
    long string(String s) {
        if (s.isEmpty()) return 0;
        Long id = strings.get(s);
        return id != null ? id : strings.computeIfAbsent(s, k -> nextString.getAndIncrement());
    }

    /** The id of the stack {@code pcs} (0 for an empty one). */
    long stack(long[] pcs) {
        if (pcs.length == 0) return 0;
        Key k = new Key(pcs);
        Long id = stacks.get(k);
        return id != null ? id : stacks.computeIfAbsent(k, x -> nextStack.getAndIncrement());
    }

    /** One-frame stacks by PC (go statements), so that a hit allocates nothing. */
    private final Map<Long, Long> pcStacks = new ConcurrentHashMap<>();

    /** The id of the one-frame stack {@code pc} (0 for PC 0). */
    long pcStack(long pc) {
        if (pc == 0) return 0;
        Long id = pcStacks.get(pc);
        return id != null ? id : pcStacks.computeIfAbsent(pc, k -> stack(new long[] {k}));
    }

    /** Every stack as an EvStack record, then every string as an EvString record. */
    byte[] dump() {
        Out out = new Out();
        stacks.forEach((k, id) -> {
            Out body = new Out();
            body.varint(id);
            body.varint(k.pcs.length);
            for (long pc : k.pcs) {
                FuncInfo fn = SymTab.func(pc);
                body.varint(pc);
                body.varint(fn == null ? 0 : string(fn.name()));
                body.varint(fn == null ? 0 : string(fn.file()));
                body.varint(fn == null ? 0 : Math.max(fn.line(SymTab.bci(pc)), 0));
            }
            out.write(Ev.STACK | 3 << 6);
            out.varint(body.size());
            body.writeTo(out);
        });
        strings.forEach((s, id) -> {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(Ev.STRING);
            out.varint(id);
            out.varint(b.length);
            out.write(b, 0, b.length);
        });
        return out.toByteArray();
    }

    /** A byte stream with Go's varint. */
    static final class Out extends ByteArrayOutputStream {
        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) (v & 0x7F | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void writeTo(Out other) {
            other.write(buf, 0, count);
        }
    }
}
