package dev.gort.runtime;

import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;

/**
 * Go's {@code runtime.Func}: a function of the running program, found by {@link GoRuntime#funcForPC}.
 * A function is a Java method (overloads share one while their lines agree; see docs/mapping.md),
 * named in Go's style ({@code package.Type.method}, lambdas as {@code method.func1}).
 */
public final class Func {
    private final FuncInfo info;

    Func(FuncInfo info) {
        this.info = info;
    }

    /** {@return Go's {@code (*Func).Name}: the function's name, e.g. {@code dev.gort.demo.Main.main.func1}} */
    public String name() {
        return info.name();
    }

    /** {@return Go's {@code (*Func).Entry}: the function's entry PC (its bytecode index 0)} */
    public long entry() {
        return info.entry();
    }

    /**
     * Go's {@code (*Func).FileLine}: the source file and line of {@code pc}. As in Go, the result is
     * not accurate when pc is not a PC of this function; a PC never seen in a stack gets the line of
     * the nearest PC before it that was seen.
     *
     * @param pc a PC of this function
     * @return the source file and line of pc
     */
    public FileLine fileLine(long pc) {
        return new FileLine(info.file(), info.line(SymTab.bci(pc)));
    }

    /**
     * Go's {@code (*Func).FileLine} results: the source path and the line.
     *
     * @param file the source file, with its package directories
     * @param line the line
     */
    public record FileLine(String file, int line) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof Func f && f.info == info;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(info.entry());
    }

    @Override
    public String toString() {
        return info.name();
    }
}
