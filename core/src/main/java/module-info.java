/**
 * gort: Go's runtime for the JVM. Exports only API packages (DESIGN §2); the scheduler, channel
 * core and other internals live in {@code dev.gort.internal.*}.
 */
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
    exports dev.gort.runtime.pprof;
    exports dev.gort.net.http.pprof;
    exports dev.gort.runtime.metrics;
    exports dev.gort.runtime.cgo;
}
