package dev.gort.internal.prof;

import dev.gort.internal.symtab.SymTab;
import dev.gort.internal.traceback.Names;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stacks as profiles keep them: symbol-table PCs, leaf first, at most {@value #MAX_DEPTH} frames
 * (Go's profiles keep 64 for CPU samples and 32 for the others; one depth serves all here), with
 * the outermost frames that only start a goroutine dropped (the JDK's virtual-thread entry and
 * gort's own wrappers around the go statement's body), as Go drops {@code runtime.goexit}.
 *
 * <p>Frames come as {@link StackTraceElement}s (other threads' stacks), which carry no bytecode
 * index, so each distinct element is interned once ({@link #PCS}, never shrinking, as the symbol
 * table itself never does) to a PC for its line.
 */
public final class Stacks {
    private Stacks() {}

    /** Deepest stack a profile keeps (Go's maxCPUProfStack). */
    public static final int MAX_DEPTH = 64;

    private static final ConcurrentHashMap<StackTraceElement, Long> PCS = new ConcurrentHashMap<>();

    /** The PC of a frame of another thread. */
    public static long pc(StackTraceElement e) {
        Long pc = PCS.get(e);
        if (pc == null) {
            pc = SymTab.pc(e.getClassName(), e.getMethodName(), e.getFileName(), -1, e.getLineNumber());
            PCS.putIfAbsent(e, pc);
        }
        return pc;
    }

    /** A stack's PCs, leaf first, without its goroutine-entry frames, at most {@link #MAX_DEPTH}. */
    public static long[] pcs(StackTraceElement[] stack) {
        int n = Math.min(userDepth(stack), MAX_DEPTH);
        long[] pcs = new long[n];
        for (int i = 0; i < n; i++) pcs[i] = pc(stack[i]);
        return pcs;
    }

    /** How many frames of {@code stack} (leaf first) remain once the outermost runtime frames are dropped; all if every frame is one. */
    private static int userDepth(StackTraceElement[] stack) {
        int n = stack.length;
        while (n > 0 && Names.isRuntimeFrame(stack[n - 1].getClassName())) n--;
        return n == 0 ? stack.length : n;
    }

    /** {@link #pcs} for class and method names (JFR frames, which do carry a bci). */
    public static long[] pcs(String[] classes, String[] methods, String[] files, int[] bcis, int[] lines, int count) {
        int n = count;
        while (n > 0 && Names.isRuntimeFrame(classes[n - 1])) n--;
        if (n == 0) n = count;
        n = Math.min(n, MAX_DEPTH);
        long[] pcs = new long[n];
        for (int i = 0; i < n; i++) pcs[i] = SymTab.pc(classes[i], methods[i], files[i], bcis[i], lines[i]);
        return pcs;
    }
}
