package dev.gort.runtime;

/**
 * Go's {@code runtime.Frame}: one call frame returned by {@link Frames#next}.
 *
 * @param pc the PC of the frame (for a calling frame, the PC of its call instruction)
 * @param func the function, or null when unknown (then {@code function} is empty)
 * @param function Go's name of the function ({@code dev.gort.demo.Main.main.func1}), "" if unknown
 * @param file the source path, "" if unknown
 * @param line the line, 0 if unknown
 * @param entry the function's entry PC, 0 if unknown
 */
public record Frame(long pc, Func func, String function, String file, int line, long entry) {
    /** The zero Frame Go's {@code Frames.Next} returns after the last one. */
    static final Frame ZERO = new Frame(0, null, "", "", 0, 0);
}
