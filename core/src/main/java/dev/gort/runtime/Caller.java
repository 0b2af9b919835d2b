package dev.gort.runtime;

/**
 * Go's {@code runtime.Caller} results: the program counter, source file and line of one frame of
 * the calling goroutine's stack ({@link GoRuntime#caller}). The PC is gort's symbolic PC
 * ({@link GoRuntime#funcForPC} resolves it); the file is the source path with its package
 * directories ({@code dev/gort/demo/Main.java}).
 *
 * @param pc the calling function's PC (gort's symbolic PC)
 * @param file the source file, with its package directories
 * @param line the line in it
 */
public record Caller(long pc, String file, int line) {}
