package dev.gort.internal.symtab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * The calling thread's stack as HotSpot records it in a {@code Throwable}: the cheapest stack
 * capture the JVM has. {@code new Throwable()} fills a private {@code backtrace} field natively,
 * about 25 ns a frame, with each frame's class, method id number and bytecode index; nothing is
 * materialized until someone asks for {@code StackTraceElement}s. A {@link StackWalker} instead
 * builds an object per frame and expands each method's name with a native call (about 250 ns a
 * frame once names are read), so a 32-frame Callers costs several times more through it.
 *
 * <p>Reading the field needs {@code java.lang} opened to gort (gort's scheduler needs that too).
 * The backtrace's layout is HotSpot's, not an API: a chain of chunks, each an {@code Object[]}
 * holding the frames' method id numbers ({@code short[]}, slot {@value #METHODS}), bytecode index
 * and class version ({@code int[]}, bci in the high 16 bits, slot {@value #BCIS}), classes
 * ({@code Object[]}, slot {@value #MIRRORS}) and the next chunk (slot {@value #NEXT}). The layout is
 * checked once against {@code getStackTrace()}; if the field is missing, closed, or laid out
 * otherwise, {@link #AVAILABLE} is false and the symbol table walks with a {@link StackWalker}.
 *
 * <p>A method's id number is stable for the life of its class, so (class, id number, bci) names a
 * code location as surely as (class, method, descriptor, bci) does; the symbol table maps the pair
 * (class, id number) to the same {@link FuncInfo} a walker's frame would give (see
 * {@link SymTab#callers}), so a PC never depends on which capture found it.
 *
 * <p>Unlike a walk, a capture records the whole stack, up to the JVM's
 * {@code -XX:MaxJavaStackTraceDepth} frames ({@link #CAP}): its cost grows with the stack's depth,
 * not with the frames read, and a capture that reached the cap may be missing the stack's bottom.
 */
final class Backtraces {
    private Backtraces() {}

    static final int METHODS = 0, BCIS = 1, MIRRORS = 2, NEXT = 5;

    private static final VarHandle BACKTRACE, DEPTH;
    /** Whether captures can be read (the field is reachable and laid out as described). */
    static final boolean AVAILABLE;
    /**
     * A capture of at least this many frames may have been cut at the JVM's depth limit: the limit
     * as observed at start-up, or the probe's depth when the probe was not cut.
     */
    static final int CAP;
    private static final int PROBE = 1100;

    static {
        VarHandle bt = null, depth = null;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup());
            bt = l.findVarHandle(Throwable.class, "backtrace", Object.class);
            depth = l.findVarHandle(Throwable.class, "depth", int.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // java.lang not opened to gort, or another JVM: walk with StackWalker
        }
        BACKTRACE = bt;
        DEPTH = depth;
        int cap = 0;
        try {
            if (bt != null) cap = probe(PROBE);
        } catch (RuntimeException | StackOverflowError e) {
            cap = 0; // a layout other than HotSpot's: walk instead
        }
        AVAILABLE = cap > 2;
        CAP = cap;
    }

    /** Recurses {@code n} frames, then checks the layout against getStackTrace() and returns the depth limit seen. */
    private static int probe(int n) {
        if (n > 0) return probe(n - 1);
        Throwable t = new Throwable();
        StackTraceElement[] elements = t.getStackTrace();
        Object chunk = BACKTRACE.get(t);
        int depth = (int) DEPTH.get(t);
        if (depth != elements.length) return 0;
        int i = 0;
        while (chunk instanceof Object[] c && i < depth) {
            if (!(c[METHODS] instanceof short[] m && c[BCIS] instanceof int[] b && c[MIRRORS] instanceof Object[] k)) return 0;
            for (int j = 0; j < m.length && i < depth; j++, i++) {
                if (!(k[j] instanceof Class<?> cl) || !cl.getName().equals(elements[i].getClassName())) return 0;
            }
            chunk = c[NEXT];
        }
        if (i != depth || !"probe".equals(elements[0].getMethodName())) return 0;
        return depth <= PROBE ? depth : PROBE;
    }

    /** A capture of the calling thread's stack; its frame 0 is the method that called this one's caller. */
    static Throwable capture() {
        return new Throwable();
    }

    static Object[] chunks(Throwable t) {
        return (Object[]) BACKTRACE.get(t);
    }

    static int depth(Throwable t) {
        return (int) DEPTH.get(t);
    }

    /**
     * Is {@code c} one of the reflection classes a {@link StackWalker} hides by default
     * ({@code Method.invoke}, {@code Constructor.newInstance} and the JDK's accessors behind them)?
     * A capture records their frames; the symbol table drops them, so that both see the same stack.
     */
    static boolean isReflection(Class<?> c) {
        if (c == Method.class || c == Constructor.class) return true;
        if (c.getModule() != Object.class.getModule() || !c.getPackageName().equals("jdk.internal.reflect")) return false;
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (implementsAccessor(k)) return true;
        }
        return false;
    }

    private static boolean implementsAccessor(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            String n = i.getName();
            boolean accessor = n.equals("jdk.internal.reflect.MethodAccessor") || n.equals("jdk.internal.reflect.ConstructorAccessor");
            if (accessor || implementsAccessor(i)) return true;
        }
        return false;
    }
}
