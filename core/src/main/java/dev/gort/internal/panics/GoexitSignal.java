package dev.gort.internal.panics;

/**
 * Unwinds a goroutine for runtime.Goexit. An {@link Error}, so {@code catch (Exception e)} in
 * user code does not stop it; stackless and shared, since it carries nothing.
 */
public final class GoexitSignal extends Error {
    public static final GoexitSignal INSTANCE = new GoexitSignal();

    private GoexitSignal() {
        super("runtime.Goexit", null, false, false);
    }
}
