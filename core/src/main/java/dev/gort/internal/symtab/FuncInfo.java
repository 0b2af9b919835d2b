package dev.gort.internal.symtab;

import java.util.Arrays;

/**
 * One function of the symbol table (Go's {@code _func}): a method of a class, under its Go name,
 * with the line of every bytecode index seen so far. Its PCs are {@code id << 16 | bci}; its entry
 * is {@code id << 16} (bci 0).
 *
 * <p>A function is a method: keyed by class and method name, and for a name the class overloads,
 * by descriptor as well (see {@link SymTab#pc}). Go has no overloads; overloads share the Go name.
 *
 * <p>Line table: {@link #lines} maps bci → line + {@value #LINE_BIAS} (0 = not seen; the JVM reports
 * -1 for an unknown line and -2 for a native method). Entries are written once, under this
 * object's lock; the array only grows, by copying under the lock, and is published through the
 * volatile field. A reader that sees 0 re-reads under the lock, so a racing reader never misses a
 * recorded line; an entry once non-zero never changes.
 */
public final class FuncInfo {
    private static final int LINE_BIAS = 3;

    /** Index in the symbol table (never 0). */
    final int id;
    /** The function's class. */
    private final ClassSyms owner;
    /** Go's name for the function ({@code dev.gort.demo.Main.main.func1}). */
    private final String name;
    /** Source path ({@code dev/gort/demo/Main.java}). */
    private final String file;
    /** bci → line + LINE_BIAS; see the class comment. */
    private volatile int[] lines = new int[16];
    /**
     * Lines of frames that came without a bci (other threads' stack traces) and matched no recorded
     * bci: entry i is the line of the synthetic bci {@code LAST_BCI - i}. A method's code is shorter
     * than 64 KiB, so real bcis stay below these in practice. Guarded by this object's lock,
     * published by replacing the volatile array.
     */
    private volatile int[] lineOnly = new int[0];
    private static final int LAST_BCI = 0xFFFF;

    FuncInfo(int id, ClassSyms owner, String name, String file) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.file = file;
    }

    /** Go's Func.Name. */
    public String name() {
        return name;
    }

    /** Source path of the function ({@code dev/gort/demo/Main.java}). */
    public String file() {
        return file;
    }

    /** The binary name of the function's class. */
    public String className() {
        return owner.className;
    }

    /** Go's Func.Entry: the PC of bytecode index 0. */
    public long entry() {
        return (long) id << 16;
    }

    /** The PC of bytecode index {@code bci} of this function. */
    long pc(int bci) {
        return entry() | bci;
    }

    /** Has the line of {@code bci} been recorded? (No lock: a stale miss only sends the caller to {@link #record}.) */
    boolean knows(int bci) {
        int[] t = lines;
        return bci < t.length && t[bci] != 0;
    }

    /** Records the line of {@code bci} (the first record wins; a bci has one line). */
    synchronized void record(int bci, int line) {
        int[] t = lines;
        if (bci >= t.length) lines = t = Arrays.copyOf(t, Math.max(bci + 1, t.length * 2));
        if (t[bci] == 0) t[bci] = line + LINE_BIAS;
    }

    /**
     * A PC on {@code line} for a frame that carries no bci: the lowest recorded bci on that line,
     * else a synthetic bci kept for the line (see {@link #lineOnly}).
     */
    long pcOfLine(int line) {
        int[] lo = lineOnly;
        for (int i = 0; i < lo.length; i++) {
            if (lo[i] == line) return pc(LAST_BCI - i);
        }
        int[] t = lines;
        for (int b = 0; b < t.length; b++) {
            if (t[b] == line + LINE_BIAS) return pc(b);
        }
        synchronized (this) {
            lo = lineOnly;
            for (int i = 0; i < lo.length; i++) {
                if (lo[i] == line) return pc(LAST_BCI - i);
            }
            lo = Arrays.copyOf(lo, lo.length + 1);
            lo[lo.length - 1] = line;
            lineOnly = lo;
            return pc(LAST_BCI - (lo.length - 1));
        }
    }

    /**
     * The line of {@code bci}: its own if recorded, else that of the nearest lower recorded bci (the
     * statement it is part of), else 0.
     */
    public int line(int bci) {
        int[] lo = lineOnly;
        if (bci > LAST_BCI - lo.length) return Math.max(lo[LAST_BCI - bci], 0);
        int[] t = lines;
        int i = Math.min(bci, t.length - 1);
        if (i >= 0 && t[i] != 0) return Math.max(t[i] - LINE_BIAS, 0);
        synchronized (this) {
            t = lines;
            for (i = Math.min(bci, t.length - 1); i >= 0; i--) {
                if (t[i] != 0) return Math.max(t[i] - LINE_BIAS, 0);
            }
        }
        return 0;
    }
}
