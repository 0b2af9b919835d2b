package dev.gort.internal.panics;

import dev.gort.runtime.TypeAssertionError;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * Go-style names for Java types, as Go's run-time errors print types, and the
 * {@link TypeAssertionError} a failed cast stands for.
 *
 * <p>Naming: a boxed or primitive type is the Go type it holds ({@code Integer} → {@code int},
 * {@code Long} → {@code int64}, {@code Short} → {@code int16}, {@code Byte} → {@code int8},
 * {@code Character} → {@code int32} (Go's rune), {@code Float} → {@code float32}, {@code Double}
 * → {@code float64}, {@code Boolean} → {@code bool}); {@code String} is {@code string};
 * {@code Object} is Go's empty interface {@code interface {}}; an array is {@code []} and its
 * element's name; any other class is its package and nested type names joined by dots
 * ({@code com.example.Main$M} → {@code com.example.Main.M}, Go's {@code package.Type}).
 */
final class GoTypes {
    private GoTypes() {}

    private static final Map<Class<?>, String> BUILTIN = Map.ofEntries(
            Map.entry(Integer.class, "int"), Map.entry(int.class, "int"),
            Map.entry(Long.class, "int64"), Map.entry(long.class, "int64"),
            Map.entry(Short.class, "int16"), Map.entry(short.class, "int16"),
            Map.entry(Byte.class, "int8"), Map.entry(byte.class, "int8"),
            Map.entry(Character.class, "int32"), Map.entry(char.class, "int32"),
            Map.entry(Float.class, "float32"), Map.entry(float.class, "float32"),
            Map.entry(Double.class, "float64"), Map.entry(double.class, "float64"),
            Map.entry(Boolean.class, "bool"), Map.entry(boolean.class, "bool"),
            Map.entry(String.class, "string"), Map.entry(Object.class, "interface {}"));

    /** The Go-style name of a class; {@code nil} for null. */
    static String name(Class<?> c) {
        if (c == null) return "nil";
        String builtin = BUILTIN.get(c);
        if (builtin != null) return builtin;
        if (c.isArray()) return "[]" + name(c.getComponentType());
        return c.getName().replace('$', '.');
    }

    /**
     * Go's TypeAssertionError for a failed cast of a value of class {@code concrete} to
     * {@code asserted} (binary names from the JVM's message). To an interface the value's class
     * does not implement: {@code int is not main.M: missing method m} (the first of the interface's
     * abstract methods, by name, that the class lacks); otherwise
     * {@code interface {} is string, not int}. Classes the caller's loader cannot find by name
     * (hidden classes) print by that name.
     */
    static TypeAssertionError assertionError(String concreteName, String assertedName, Throwable cause) {
        Class<?> concrete = load(concreteName), asserted = load(assertedName);
        String cs = concrete != null ? name(concrete) : concreteName.replace('$', '.');
        String as = asserted != null ? name(asserted) : assertedName.replace('$', '.');
        String missing = concrete != null && asserted != null && asserted.isInterface() ? missingMethod(concrete, asserted) : "";
        return new TypeAssertionError(TypeAssertionError.EMPTY_INTERFACE, cs, as, missing, cause);
    }

    private static String missingMethod(Class<?> concrete, Class<?> iface) {
        return Arrays.stream(iface.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()) && !implemented(concrete, m))
                .map(Method::getName)
                .min(Comparator.naturalOrder())
                .orElse("");
    }

    private static boolean implemented(Class<?> c, Method m) {
        try {
            return !Modifier.isAbstract(c.getMethod(m.getName(), m.getParameterTypes()).getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Class<?> load(String binaryName) {
        for (ClassLoader l : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            try {
                return Class.forName(binaryName, false, l);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // try the next loader; hidden classes have none
            }
        }
        return null;
    }
}
