package dev.gort.internal.traceback;

import dev.gort.internal.symtab.SymTab;
import java.security.CodeSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Go-style names for Java frames: {@code package.Type.method}, lambdas as
 * {@code Type.method.funcN} (Go's closure naming, see the symbol table), files as the source path
 * under the package directories ({@code dev/gort/demo/Demo.java}); and which frames are the
 * runtime's, hidden from tracebacks below GOTRACEBACK=system as Go hides {@code runtime.*}.
 */
public final class Names {
    private Names() {}

    /** Go's function name for a Java method. */
    public static String function(String className, String methodName) {
        return SymTab.name(className, methodName);
    }

    /** Source path of a frame: package directories plus the file name ({@code ?} when unknown). */
    public static String file(String className, String fileName) {
        return SymTab.file(className, fileName);
    }

    private static final Map<String, Boolean> GORT_CLASSES = new ConcurrentHashMap<>();

    /**
     * A class of gort's own (API or internal), not of a program using it: in a {@code dev.gort}
     * package <em>and</em> loaded from the same jar or directory as gort, so a program's (or a
     * test's) class in a {@code dev.gort} package counts as the program's. Cached per name.
     */
    public static boolean isGort(String className) {
        return className.startsWith("dev.gort.") && GORT_CLASSES.computeIfAbsent(className, Names::loadedWithGort);
    }

    private static boolean loadedWithGort(String className) {
        try {
            Class<?> c = Class.forName(className, false, Names.class.getClassLoader());
            return Objects.equals(location(c), location(Names.class));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static Object location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }

    /**
     * gort's implementation of the language's statements and operators (go, defer, panic, channel
     * operations, select): Go shows none of these frames ({@code runtime.chanrecv1},
     * {@code runtime.selectgo}, {@code runtime.newproc} are runtime frames), while library calls such
     * as {@code time.Sleep} and {@code sync.(*Mutex).Lock} are shown, as gort's {@code Time} and
     * {@code Mutex} frames are.
     */
    private static final Set<String> LANGUAGE = Set.of(
            "dev.gort.Go", "dev.gort.Chan", "dev.gort.SendChan", "dev.gort.RecvChan", "dev.gort.Select", "dev.gort.Goroutine");

    /**
     * Frames of gort's runtime and of the JDK's virtual-thread machinery: shown only at
     * GOTRACEBACK=system, as Go hides its runtime's frames.
     */
    public static boolean isRuntimeFrame(String className) {
        if (className.startsWith("dev.gort.")) {
            int inner = className.indexOf('$');
            return className.startsWith("dev.gort.internal.")
                    || LANGUAGE.contains(inner < 0 ? className : className.substring(0, inner));
        }
        return className.startsWith("java.lang.VirtualThread")
                || className.startsWith("java.lang.Continuation")
                || className.startsWith("jdk.internal.")
                || className.equals("java.lang.Thread")
                || className.startsWith("java.lang.System$")
                || className.equals("java.lang.Thread$FieldHolder")
                || className.equals("java.util.concurrent.locks.LockSupport");
    }
}
