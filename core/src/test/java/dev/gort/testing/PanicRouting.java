package dev.gort.testing;

import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.UnrecoveredPanic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Core's own tests cannot use gort-junit (it depends on core: a module cycle), so this minimal
 * hook, registered for every test of this module by JUnit's extension auto-detection
 * (src/test/resources), routes unrecovered goroutine panics to the test that was running: the test
 * fails with Go's report instead of the default handler ending the test JVM. Leak and deadlock
 * checks are gort-junit's, tested in that module.
 */
public final class PanicRouting implements BeforeEachCallback, AfterEachCallback {
    private static final ConcurrentLinkedQueue<UnrecoveredPanic> PANICS = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        GoRuntime.setPanicHandler(PANICS::add);
        PANICS.clear(); // printed already; from goroutines an earlier test left behind
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> reports = new ArrayList<>();
        for (UnrecoveredPanic p; (p = PANICS.poll()) != null; ) reports.add(p.report());
        if (!reports.isEmpty()) throw new AssertionError(String.join("\n", reports));
    }
}
