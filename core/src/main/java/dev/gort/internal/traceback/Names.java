package dev.gort.internal.traceback;

import java.security.CodeSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Go-style names for Java frames: {@code package.Type.method}, lambdas as
 * {@code Type.method.funcN} (Go's closure naming), files as the source path under the package
 * directories ({@code dev/gort/demo/Demo.java}).
 */
public final class Names {
    private Names() {}

    /** Go's function name for a Java method. */
    public static String function(String className, String methodName) {
        String cls = className.replace('$', '.');
        if (methodName.startsWith("lambda$")) {
            // javac: lambda$<enclosing>$<n>, n counted per class from 0
            int last = methodName.lastIndexOf('$');
            String enclosing = methodName.substring(7, last);
            String n = methodName.substring(last + 1);
            if (enclosing.equals("new")) enclosing = "init";
            else if (enclosing.equals("static")) enclosing = "init";
            try {
                return cls + "." + enclosing + ".func" + (Integer.parseInt(n) + 1);
            } catch (NumberFormatException e) {
                return cls + "." + methodName;
            }
        }
        if (methodName.equals("<init>")) return cls + ".init";
        if (methodName.equals("<clinit>")) return cls + ".init.0";
        return cls + "." + methodName;
    }

    /** Source path of a frame: package directories plus the file name ({@code ?} when unknown). */
    public static String file(String className, String fileName) {
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        return dir + (fileName != null ? fileName : "?");
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
     * Frames of gort itself and of the JDK's virtual-thread machinery: shown only at
     * GOTRACEBACK=system, as Go hides its runtime's frames.
     */
    public static boolean isRuntimeFrame(String className) {
        return className.startsWith("dev.gort.internal.")
                || className.equals("dev.gort.Go")
                || className.startsWith("java.lang.VirtualThread")
                || className.startsWith("java.lang.Continuation")
                || className.startsWith("jdk.internal.")
                || className.equals("java.lang.Thread")
                || className.startsWith("java.lang.System$")
                || className.equals("java.lang.Thread$FieldHolder")
                || className.equals("java.util.concurrent.locks.LockSupport");
    }
}
