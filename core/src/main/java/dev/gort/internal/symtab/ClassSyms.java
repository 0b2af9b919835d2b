package dev.gort.internal.symtab;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the symbol table knows about one class: its Go-style type prefix, its source file, the
 * Go names of its lambdas, and one {@link FuncInfo} per method name. Immutable but for the two
 * concurrent maps and the lazily read closure names (a benign race: every thread computes the same
 * map).
 *
 * <p>Naming rules (Go's {@code package.Type.method}): {@code $} of nested classes becomes {@code .};
 * {@code <init>} is {@code init}, {@code <clinit>} {@code init.0}; {@code dev.gort.Go.panic} prints
 * as {@code panic}, as Go prints {@code runtime.gopanic}; lambdas are named by {@link ClosureNames}.
 */
final class ClassSyms {
    /** The binary class name ({@code dev.gort.demo.Main$Inner}). */
    final String className;
    /** The Go-style prefix of every function of the class ({@code dev.gort.demo.Main.Inner}). */
    final String prefix;
    /** The class, when known (lambda names need its bytes); null when only the name is. */
    private final Class<?> type;
    /** Source path (package directories + file name), set from the first frame that reports one. */
    private volatile String file;
    private volatile Map<String, String> closures;
    /** Method name → its function; for an overloaded name, name + descriptor → function. */
    final ConcurrentHashMap<String, FuncInfo> methods = new ConcurrentHashMap<>();
    /** Method names declared more than once (constructors as {@code <init>}); read lazily, benign race. */
    private volatile Set<String> overloaded;
    /** Method name → Go name, for callers that have no FuncInfo (dumps from StackTraceElements). */
    private final ConcurrentHashMap<String, String> goNames = new ConcurrentHashMap<>();
    /**
     * Method id number (a {@link Backtraces} frame's method) → its function, once a walker's frame
     * has shown which function that is; null until then. Slots are written once (a racing second
     * write stores the same function); the array only grows, by copying under this object's lock,
     * and is published through the volatile field.
     */
    private volatile FuncInfo[] byIdnum = new FuncInfo[0];
    /** A reflection class whose frames a StackWalker hides (see {@link Backtraces#isReflection}). */
    final boolean reflective;

    ClassSyms(String className, Class<?> type) {
        this.className = className;
        this.prefix = className.replace('$', '.');
        this.type = type;
        this.reflective = type != null && Backtraces.isReflection(type);
    }

    /** The function of the method with id number {@code idnum}, or null if not yet learnt. */
    FuncInfo func(int idnum) {
        FuncInfo[] t = byIdnum;
        return idnum < t.length ? t[idnum] : null;
    }

    /** Records that the method with id number {@code idnum} is {@code fn}. */
    synchronized void learn(int idnum, FuncInfo fn) {
        FuncInfo[] t = byIdnum;
        if (idnum >= t.length) t = Arrays.copyOf(t, Math.max(idnum + 1, t.length * 2));
        t[idnum] = fn;
        byIdnum = t;
    }

    /**
     * Does the class declare more than one method of this name? Read by reflection once per class;
     * a class whose signatures cannot be resolved counts every name as overloaded (slower, still
     * right).
     */
    boolean overloads(String method) {
        Set<String> o = overloaded;
        if (o == null) overloaded = o = overloadedNames();
        return o == ALL || o.contains(method);
    }

    private static final Set<String> ALL = Set.of("*");

    private Set<String> overloadedNames() {
        if (type == null) return ALL;
        try {
            Set<String> seen = new HashSet<>();
            Set<String> twice = new HashSet<>();
            for (Method m : type.getDeclaredMethods()) {
                if (!seen.add(m.getName())) twice.add(m.getName());
            }
            if (type.getDeclaredConstructors().length > 1) twice.add("<init>");
            return twice;
        } catch (LinkageError | SecurityException e) {
            return ALL;
        }
    }

    /** The source path for frames reporting {@code fileName} ({@code ?} when the class has no source attribute). */
    String file(String fileName) {
        String f = file;
        if (f == null) {
            int dot = className.lastIndexOf('.');
            String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
            f = dir + (fileName != null ? fileName : "?");
            if (fileName != null) file = f; // a frame without a file name (JFR's) must not hide a later one's
        }
        return f;
    }

    /** Go's name for a method of this class. */
    String goName(String method) {
        String n = goNames.get(method);
        if (n == null) {
            n = computeName(method);
            goNames.put(method, n);
        }
        return n;
    }

    private String computeName(String method) {
        if (className.equals("dev.gort.Go") && method.equals("panic")) return "panic";
        if (!ClosureNames.isLambda(method)) return prefix + "." + goMethod(method);
        Map<String, String> c = closures;
        if (c == null) closures = c = type != null ? ClosureNames.of(type) : Map.of();
        String known = c.get(method);
        return prefix + "." + (known != null ? known : javacClosureName(method));
    }

    /** {@code <init>} → {@code init}, {@code <clinit>} → {@code init.0} (Go's package initialiser), others unchanged. */
    static String goMethod(String method) {
        return switch (method) {
            case "<init>", "new" -> "init";
            case "<clinit>", "static" -> "init.0";
            default -> method;
        };
    }

    /** Without the class file: javac's {@code lambda$m$n} (numbered per method) is Go's {@code m.func(n+1)}. */
    private static String javacClosureName(String method) {
        int last = method.lastIndexOf('$');
        if (last <= 7) return method;
        try {
            return goMethod(method.substring(7, last)) + ".func" + (Integer.parseInt(method.substring(last + 1)) + 1);
        } catch (NumberFormatException e) {
            return method;
        }
    }
}
