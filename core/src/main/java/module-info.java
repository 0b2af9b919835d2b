/**
 * gort: Go's runtime for the JVM. Exports only API packages, laid out as Go's package tree
 * ({@code dev.gort} for the language's statements, {@code dev.gort.runtime}, {@code dev.gort.sync},
 * {@code dev.gort.time}, ...); the scheduler, channel core and other internals live in
 * {@code dev.gort.internal.*}, of which one package is opened to gort's JUnit extension alone.
 */
@SuppressWarnings("module") // dev.gort.junit (the qualified export below) is built after this module
module dev.gort {
    requires java.management;
    requires jdk.management;
    requires jdk.unsupported;
    requires jdk.jfr;
    requires jdk.httpserver;

    exports dev.gort;
    exports dev.gort.runtime;
    exports dev.gort.sync;
    exports dev.gort.sync.errgroup;
    exports dev.gort.context;
    exports dev.gort.time;
    exports dev.gort.runtime.debug;
    exports dev.gort.runtime.trace;
    exports dev.gort.runtime.pprof;
    exports dev.gort.net.http.pprof;
    exports dev.gort.runtime.metrics;
    exports dev.gort.runtime.cgo;

    // Test-scoped deadlock detection for gort's JUnit extension only (not API).
    exports dev.gort.internal.testhook to dev.gort.junit;
}
