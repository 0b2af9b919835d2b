package dev.gort.internal.symtab;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The symbol table: gort's program counters. The JVM has no raw PCs, so a PC is a {@code long}
 * handed out here for a (method, bytecode index) pair: {@code funcId << 16 | bci} (a method's
 * bytecode is shorter than 64 KiB; a native method's frame has bci 0). Interning a frame costs one
 * {@link ClassValue} lookup, one map lookup by method name and one array read once the function
 * and line are known (see {@link #pc}; a frame of a {@link Backtraces capture} needs no name
 * lookup, see {@link #callers}); nothing is ever removed (Go's symbol table is static too), so PCs stay valid
 * for the life of the process, and a class interned here is never unloaded.
 *
 * <p>Tables and locks: {@link #funcs} (id → function) is appended to under {@link #LOCK} and
 * published by replacing the volatile array, so readers never lock. Classes are found through
 * {@link #BY_CLASS} when a frame brings its {@code Class} (stack walks) and through
 * {@link #BY_NAME} when only a name is known ({@code StackTraceElement}s of other goroutines). A new
 * function is made inside its class's map entry (so each is made once) and numbered under
 * {@link #LOCK}; lock order: map entry, then {@link #LOCK}. A {@link FuncInfo}'s own lock guards
 * only its line table. No lock is held while calling out (names, which may read a class file, are
 * computed before {@link #LOCK} is taken).
 */
public final class SymTab {
    private SymTab() {}

    /**
     * The walkers behind {@link #learn} and the walks that replace a capture: frames carry their
     * class (the symbol table's key, and what lambdas are named from; resolving a class by name per
     * frame would cost more). Walker
     * {@code i} fetches its first batch of {@code 4 << i} frames (up to the JDK's 256), so a walk
     * asks for about the frames it will read: the VM fills a batch before the first frame is seen,
     * and a Caller(1) that fetched the default 8 frames would pay for twice what it reads, while a
     * deep Callers would take several round trips to the VM.
     */
    private static final StackWalker[] WALKERS = new StackWalker[7];

    static {
        for (int i = 0; i < WALKERS.length; i++) {
            WALKERS[i] = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), Math.min(4 << i, 255));
        }
    }

    /** A walker whose first batch holds {@code frames} frames (or the largest batch). */
    private static StackWalker walker(long frames) {
        int i = 0;
        while (i < WALKERS.length - 1 && (4L << i) < frames) i++;
        return WALKERS[i];
    }

    private static final Object LOCK = new Object();
    /** Function id → function; slot 0 stays empty so that PC 0 is no function (Go's FuncForPC(0) == nil). */
    private static volatile FuncInfo[] funcs = new FuncInfo[256];
    /** Next free id, guarded by LOCK. */
    private static int nfuncs = 1;

    private static final ConcurrentHashMap<String, ClassSyms> BY_NAME = new ConcurrentHashMap<>();
    private static final ClassValue<ClassSyms> BY_CLASS = new ClassValue<>() {
        @Override
        protected ClassSyms computeValue(Class<?> c) {
            ClassSyms cs = new ClassSyms(c.getName(), c);
            BY_NAME.put(c.getName(), cs);
            return cs;
        }
    };

    /** The PC of a stack frame (walked with a class-retaining walker); see {@link #func(StackWalker.StackFrame)}. */
    public static long pc(StackWalker.StackFrame f) {
        return func(f).pc(Math.max(f.getByteCodeIndex(), 0));
    }

    /**
     * The function of a stack frame, with the line of the frame's bci recorded. The fast path reads
     * only the frame's class, method name and bci: its file and line cost a
     * {@code StackTraceElement} each (about 0.5 µs), so they are read once per function and once per
     * new bci. A method name the class overloads also needs the descriptor (about 1 µs), to keep the
     * overloads' lines apart.
     */
    private static FuncInfo func(StackWalker.StackFrame f) {
        ClassSyms cs = BY_CLASS.get(f.getDeclaringClass());
        String method = f.getMethodName();
        FuncInfo fn = cs.methods.get(method);
        if (fn == null) {
            String key = cs.overloads(method) ? method + f.getDescriptor() : method;
            fn = cs.methods.get(key);
            if (fn == null) fn = cs.methods.computeIfAbsent(key, k -> newFunc(cs, method, f.getFileName()));
        }
        int bci = Math.max(f.getByteCodeIndex(), 0);
        if (!fn.knows(bci)) fn.record(bci, f.getLineNumber());
        return fn;
    }

    /**
     * The PC of a frame known only by name: another thread's {@code StackTraceElement}
     * ({@code bci} -1, unknown) or a JFR frame (bci known). Overloads of a method share one function
     * here (the name is all these frames carry). A frame without a bci gets the PC of a recorded bci
     * on its line if there is one, else a PC of its own for that line ({@link FuncInfo#pcOfLine}).
     */
    public static long pc(String className, String method, String fileName, int bci, int line) {
        ClassSyms cs = byName(className);
        FuncInfo fn = cs.methods.get(method);
        if (fn == null) fn = cs.methods.computeIfAbsent(method, k -> newFunc(cs, method, fileName));
        if (bci < 0) return fn.pcOfLine(line);
        if (!fn.knows(bci)) fn.record(bci, line);
        return fn.pc(bci);
    }

    private static FuncInfo newFunc(ClassSyms cs, String method, String fileName) {
        String name = cs.goName(method); // may read the class file: not under LOCK
        String file = cs.file(fileName);
        synchronized (LOCK) {
            int id = nfuncs++;
            FuncInfo fn = new FuncInfo(id, cs, name, file);
            FuncInfo[] t = funcs;
            if (id >= t.length) t = Arrays.copyOf(t, t.length * 2);
            t[id] = fn;
            funcs = t;
            return fn;
        }
    }

    /** The function holding {@code pc}, or null (Go's FuncForPC). */
    public static FuncInfo func(long pc) {
        long id = pc >>> 16;
        FuncInfo[] t = funcs;
        return pc > 0 && id < t.length ? t[(int) id] : null;
    }

    /** The bytecode index part of a PC. */
    public static int bci(long pc) {
        return (int) (pc & 0xFFFF);
    }

    /**
     * Go's Callers on the calling thread: fills {@code pcs} with the PCs of the stack, skipping
     * {@code skip} frames counted from the method that called this one (0 = that method), and
     * returns how many it wrote.
     *
     * <p>The stack is captured as a {@link Backtraces backtrace} when the JVM allows it, and each
     * frame's (class, method id number) is mapped to its function through {@link ClassSyms#func};
     * the first time a method or bci shows up, one {@link StackWalker} walk maps the capture's frames
     * to the walker's ({@link #learn}), so that a PC is the same whichever way it was found. A
     * walk does the whole job when there is no backtrace, when the capture and the walk disagree,
     * or when the capture was cut at the JVM's depth limit before {@code pcs} was full.
     */
    public static int callers(int skip, long[] pcs) {
        return pcs.length == 0 ? 0 : fill(skip + 2L, pcs);
    }

    /** The PC of one frame of the calling thread: {@code skip} 0 = the method that called this one; 0 past the end. */
    public static long callerPc(int skip) {
        long[] pc = new long[1];
        fill(skip + 2L, pc);
        return pc[0];
    }

    /** {@link #callers} with {@code skipped} counted from this method (0 = this method). */
    private static int fill(long skipped, long[] pcs) {
        DepthHint hint;
        if (Backtraces.AVAILABLE && (hint = HINTS.get()).capture(pcs.length)) {
            Throwable t = new Throwable(); // its frame 0 is this method
            hint.captured(Backtraces.depth(t));
            int n = fromBacktrace(t, skipped, pcs);
            if (n == UNLEARNT && learn(t, skipped + pcs.length)) n = fromBacktrace(t, skipped, pcs);
            if (n >= 0) return n;
        }
        return walk(skipped + 1, pcs);
    }

    /**
     * Capture or walk? A capture costs about 0.35 µs + 25 ns for every frame of the stack; a walk
     * about 1 µs + 0.22 µs for every PC it makes, whatever the stack's depth. Each thread keeps the
     * depth of its last capture as the guess for the next request: a stack deeper than the
     * break-even (27 + 9 frames per PC) is walked, and captured again after {@value #RECHECK} walks,
     * so that a thread whose stack has become shallow goes back to capturing. Only the owning thread
     * touches its hint.
     */
    private static final class DepthHint {
        static final int RECHECK = 32;
        /** Frames in this thread's last capture. */
        int depth;
        /** Walks left before the next capture. */
        int walksLeft;

        boolean capture(int pcs) {
            return depth <= 27 + 9L * pcs || walksLeft-- <= 0;
        }

        void captured(int frames) {
            depth = frames;
            walksLeft = RECHECK;
        }
    }

    private static final ThreadLocal<DepthHint> HINTS = ThreadLocal.withInitial(DepthHint::new);

    /** {@link #fromBacktrace}: a frame's method or bci is not yet mapped to a function. */
    private static final int UNLEARNT = -1;
    /** {@link #fromBacktrace}: the capture reached the JVM's depth limit before {@code pcs} was full. */
    private static final int CUT = -2;

    /**
     * Fills {@code pcs} from a capture, skipping its first {@code skipped} frames (reflection frames,
     * which a walker hides, are neither skipped nor recorded), and returns how many it wrote, or
     * {@link #UNLEARNT} or {@link #CUT}.
     */
    private static int fromBacktrace(Throwable t, long skipped, long[] pcs) {
        int depth = Backtraces.depth(t);
        int n = 0, i = 0;
        long seen = 0;
        Object last = null; // consecutive frames often share a class (recursion, a class's own helpers)
        ClassSyms cs = null;
        for (Object[] chunk = Backtraces.chunks(t); chunk != null && i < depth; chunk = (Object[]) chunk[Backtraces.NEXT]) {
            short[] methods = (short[]) chunk[Backtraces.METHODS];
            int[] bcis = (int[]) chunk[Backtraces.BCIS];
            Object[] classes = (Object[]) chunk[Backtraces.MIRRORS];
            for (int j = 0; j < methods.length && i < depth; j++, i++) {
                if (classes[j] != last) cs = BY_CLASS.get((Class<?>) (last = classes[j]));
                if (cs.reflective || seen++ < skipped) continue;
                FuncInfo fn = cs.func(methods[j] & 0xFFFF);
                int bci = Math.max(bcis[j] >> 16, 0);
                if (fn == null || !fn.knows(bci)) return UNLEARNT;
                pcs[n++] = fn.pc(bci);
                if (n == pcs.length) return n;
            }
        }
        return depth >= Backtraces.CAP ? CUT : n;
    }

    /**
     * Maps the first {@code frames} frames of capture {@code t} (taken by the method that calls this
     * one) to functions, by walking the same stack with a {@link StackWalker} and pairing the frames
     * in order; returns false if the two disagree on a frame's class or bci (then the caller walks).
     */
    private static boolean learn(Throwable t, long frames) {
        return walker(frames + 1).walk(s -> {
            Iterator<StackWalker.StackFrame> it = s.iterator();
            if (it.hasNext()) it.next(); // this method: the capture starts at its caller
            int depth = Backtraces.depth(t);
            int i = 0;
            long paired = 0;
            for (Object[] chunk = Backtraces.chunks(t); chunk != null && i < depth && paired < frames; chunk = (Object[]) chunk[Backtraces.NEXT]) {
                short[] methods = (short[]) chunk[Backtraces.METHODS];
                int[] bcis = (int[]) chunk[Backtraces.BCIS];
                Object[] classes = (Object[]) chunk[Backtraces.MIRRORS];
                for (int j = 0; j < methods.length && i < depth && paired < frames; j++, i++) {
                    Class<?> c = (Class<?>) classes[j];
                    ClassSyms cs = BY_CLASS.get(c);
                    if (cs.reflective) continue;
                    if (!it.hasNext()) return false;
                    StackWalker.StackFrame f = it.next();
                    if (f.getDeclaringClass() != c) return false;
                    // frame 0, the capturing method, has moved on to call this one (and is always skipped)
                    if (paired++ == 0) continue;
                    if (Math.max(f.getByteCodeIndex(), 0) != Math.max(bcis[j] >> 16, 0)) return false;
                    cs.learn(methods[j] & 0xFFFF, func(f));
                }
            }
            return true;
        });
    }

    /** {@link #callers} by a walk: {@code skipped} counts from this method (0 = this method). */
    private static int walk(long skipped, long[] pcs) {
        return walker(skipped + pcs.length).walk(s -> {
            Iterator<StackWalker.StackFrame> it = s.iterator();
            for (long k = 0; k < skipped && it.hasNext(); k++) it.next();
            int n = 0;
            while (n < pcs.length && it.hasNext()) pcs[n++] = pc(it.next());
            return n;
        });
    }

    /** Go's name for a method known only by its class's name (frames of other threads). */
    public static String name(String className, String method) {
        return byName(className).goName(method);
    }

    /** The source path of a class known only by name, given the file its frames report. */
    public static String file(String className, String fileName) {
        return byName(className).file(fileName);
    }

    private static ClassSyms byName(String className) {
        ClassSyms cs = BY_NAME.get(className);
        return cs != null ? cs : BY_NAME.computeIfAbsent(className, n -> new ClassSyms(n, load(n)));
    }

    /** The class of a name from another thread's frame, if the application's loader or gort's finds it. */
    private static Class<?> load(String className) {
        for (ClassLoader l : new ClassLoader[] {ClassLoader.getSystemClassLoader(), SymTab.class.getClassLoader()}) {
            try {
                return Class.forName(className, false, l);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // try the next loader; without the class, lambdas keep javac's numbering
            }
        }
        return null;
    }
}
