package dev.gort.runtime.cgo;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Go's cgo on the JVM: calls into C through the Foreign Function &amp; Memory API
 * ({@link Linker}), counted as Go counts its cgo calls ({@code runtime.NumCgoCall},
 * {@code /cgo/go-to-c-calls:calls}).
 *
 * <p>A handle from {@link #downcall} or {@link #counted} adds one to the count each time it is
 * invoked, then calls the C function. A goroutine in a C call keeps its carrier thread (the JVM
 * pins a virtual thread in native code, as Go's M stays with a goroutine in a cgo call); the
 * scheduler's monitor hands that carrier's P to a helper when the call lasts (Go's
 * {@code entersyscall} hand-off). Calls made through {@link Linker} directly, and JNI calls, are
 * not counted: the JVM gives no hook on them.
 *
 * <p>Creating a downcall handle is a restricted operation: run with
 * {@code --enable-native-access=ALL-UNNAMED} (or the module's name), or the JVM prints a warning.
 */
public final class Cgo {
    private Cgo() {}

    private static final LongAdder CALLS = new LongAdder();
    private static final MethodHandle ENTER;

    static {
        try {
            ENTER = MethodHandles.lookup().findStatic(Cgo.class, "enter", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Counts one call (the combiner folded in front of every counted handle). */
    private static void enter() {
        CALLS.increment();
    }

    /**
     * Wraps a downcall handle so that each invocation is counted as one cgo call; same type as
     * {@code target}.
     *
     * @param target a downcall handle
     * @return a handle of the same type that counts each call
     */
    public static MethodHandle counted(MethodHandle target) {
        return MethodHandles.foldArguments(target, ENTER);
    }

    /**
     * A counted handle for the C function {@code name} of the C library the JVM links with (its
     * default lookup: libc on Linux), with the given signature.
     *
     * @throws NoSuchElementException when the symbol does not exist
     * @param name the C symbol
     * @param function the C function's signature
     * @return a counted downcall handle
     */
    public static MethodHandle downcall(String name, FunctionDescriptor function) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(name)
                .orElseThrow(() -> new NoSuchElementException("cgo: no C symbol " + name));
        return counted(linker.downcallHandle(symbol, function));
    }

    /** {@return Go's {@code runtime.NumCgoCall}: C calls made through counted handles so far} */
    public static long calls() {
        return CALLS.sum();
    }
}
