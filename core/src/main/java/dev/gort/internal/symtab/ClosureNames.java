package dev.gort.internal.symtab;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's names for a class's lambdas: Go numbers the closures of a function in source order
 * ({@code main.func1}, {@code main.func2}) and names a closure inside a closure after it
 * ({@code main.func1.1}). javac names a lambda {@code lambda$<method>$<n>}, numbering the lambdas
 * of one method in source order (pre-order, so nesting is flattened). The nesting is recovered
 * from the class file itself: the code of each method (or lambda) holds one {@code invokedynamic}
 * per lambda it creates, whose bootstrap arguments name the lambda's method. Built once per class
 * with the JDK's class-file API; a class whose bytes cannot be read gets javac's numbering, which
 * is right for every lambda that is not nested (docs/mapping.md).
 */
final class ClosureNames {
    private ClosureNames() {}

    /** Maps each {@code lambda$...} method of {@code c} to its Go name without the type prefix ({@code main.func1.1}). */
    static Map<String, String> of(Class<?> c) {
        byte[] bytes = classBytes(c);
        if (bytes == null) return Map.of();
        try {
            return name(ClassFile.of().parse(bytes));
        } catch (IllegalArgumentException e) {
            return Map.of(); // a class file this JDK cannot parse: javac's numbering
        }
    }

    private static byte[] classBytes(Class<?> c) {
        if (c.isHidden() || c.isArray() || c.isPrimitive()) return null;
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static Map<String, String> name(ClassModel cm) {
        String self = cm.thisClass().asInternalName();
        Map<String, List<String>> created = new LinkedHashMap<>(); // method → lambdas it creates, in code order
        for (MethodModel m : cm.methods()) {
            List<String> lambdas = created.computeIfAbsent(m.methodName().stringValue(), k -> new ArrayList<>());
            m.code().ifPresent(code -> {
                for (CodeElement e : code) {
                    if (e instanceof InvokeDynamicInstruction indy) addLambdas(indy, self, lambdas);
                }
            });
        }
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, List<String>> e : created.entrySet()) {
            String method = e.getKey();
            if (isLambda(method)) continue;
            nameChildren(ClassSyms.goMethod(method) + ".func", e.getValue(), created, names);
        }
        return names;
    }

    private static void addLambdas(InvokeDynamicInstruction indy, String self, List<String> into) {
        for (ConstantDesc arg : indy.bootstrapArgs()) {
            if (arg instanceof DirectMethodHandleDesc h && isLambda(h.methodName())
                    && h.owner().descriptorString().equals("L" + self + ";") && !into.contains(h.methodName())) {
                into.add(h.methodName());
            }
        }
    }

    /** Closures of a function get {@code prefix1, prefix2…}; a closure's own closures {@code <its name>.1, .2…}. */
    private static void nameChildren(String prefix, List<String> lambdas, Map<String, List<String>> created, Map<String, String> names) {
        for (int i = 0; i < lambdas.size(); i++) {
            String lambda = lambdas.get(i);
            if (names.containsKey(lambda)) continue;
            String name = prefix + (i + 1);
            names.put(lambda, name);
            nameChildren(name + ".", created.getOrDefault(lambda, List.of()), created, names);
        }
    }

    static boolean isLambda(String method) {
        return method.startsWith("lambda$");
    }
}
