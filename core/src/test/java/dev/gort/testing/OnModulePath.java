package dev.gort.testing;

import dev.gort.Go;
import dev.gort.runtime.GoRuntime;

/**
 * A program for ModuleTest that runs with gort as the named module {@code dev.gort} on the module
 * path. It lives outside gort's packages: a class of package {@code dev.gort} on the class path
 * would be looked up in the module, and not found.
 */
public final class OnModulePath {
    private OnModulePath() {}

    public static void main(String[] args) {
        Go.main(args, () -> System.out.println(Go.class.getModule().getName() + " gomaxprocs=" + GoRuntime.gomaxprocs(0)));
    }
}
