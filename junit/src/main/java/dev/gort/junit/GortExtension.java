package dev.gort.junit;

import dev.gort.Go;
import dev.gort.internal.testhook.TestScope;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.UnrecoveredPanic;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Runs each test as Go's {@code go test} runs a test function: in a goroutine of its own, failing
 * it for what would fail (or hang) a Go test binary.
 *
 * <ul>
 * <li><b>A goroutine panics</b> while the test runs: the test fails at once, with Go's panic
 *     report as the message (the report is printed on stderr too). Go's test binary would die; the
 *     test JVM goes on.
 * <li><b>Goroutines are left running</b> when the test ends (goleak's check): after waiting up to
 *     {@link #leakWait} for them to end, the test fails with {@code found unexpected goroutines:}
 *     and their Go-format dump. Goroutines that existed before the test are never counted; others
 *     can be allowed by the function on top of their stack ({@link #ignoreTopFunction}) or anywhere
 *     in it ({@link #ignoreAnyFunction}), named as the dump prints them.
 * <li><b>Every goroutine is blocked</b> with nothing in the test able to wake one, for
 *     {@link #deadlockAfter}: the test fails with Go's {@code fatal error: all goroutines are
 *     asleep - deadlock!} report instead of hanging. "Nothing in the test" means: every goroutine is
 *     parked in gort (channel, select, sync, no pending timer), no platform thread started during the
 *     test is alive, and no virtual thread outside gort is awake. Threads that existed before the
 *     test (the runner's, a shared pool's) are presumed unrelated; a test whose goroutines are woken
 *     by such a thread turns the check off with {@link #withoutDeadlockCheck()}.
 * </ul>
 *
 * Use {@code @ExtendWith(GortExtension.class)} for the defaults, or
 * {@code @RegisterExtension static GortExtension gort = new GortExtension().ignoreTopFunction(...)}.
 *
 * <h2>Design</h2>
 * The test method runs in a goroutine (so {@code Go.defer} works in it directly, as in a Go test
 * function) while the runner's thread waits, polling every {@value #POLL_MS} ms for a panic, the
 * test's end, or a blocked state whose fingerprint has not changed for {@link #deadlockAfter}.
 * Panics reach the extension through {@link GoRuntime#setPanicHandler}, installed for the whole
 * run (a goroutine leaked by one test that panics after it ended is reported on stderr, not
 * blamed on a later test). The panic handler and the goroutine census are process-wide: tests
 * using this extension must not run in parallel with each other.
 */
public final class GortExtension implements InvocationInterceptor {
    /** How often the waiting runner thread looks at the test. */
    static final long POLL_MS = 10;

    private final List<String> ignoredTop;
    private final List<String> ignoredAny;
    private final Duration leakWait;
    private final Duration deadlockAfter;

    /** The defaults: no allowed goroutines, a 1 s wait for goroutines to end, deadlocks after 1 s. */
    public GortExtension() {
        this(List.of(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private GortExtension(List<String> ignoredTop, List<String> ignoredAny, Duration leakWait, Duration deadlockAfter) {
        this.ignoredTop = ignoredTop;
        this.ignoredAny = ignoredAny;
        this.leakWait = leakWait;
        this.deadlockAfter = deadlockAfter;
    }

    /**
     * goleak's {@code IgnoreTopFunction}: goroutines whose innermost frame is one of {@code functions} are
     * not leaks.
     *
     * @param functions function names as a goroutine dump prints them, without {@code (...)}
     *     (e.g. {@code com.example.Server.acceptLoop})
     * @return a copy of this extension that allows them
     */
    public GortExtension ignoreTopFunction(String... functions) {
        return new GortExtension(concat(ignoredTop, functions), ignoredAny, leakWait, deadlockAfter);
    }

    /**
     * goleak's {@code IgnoreAnyFunction}: goroutines with one of {@code functions} anywhere on their stack
     * are not leaks.
     *
     * @param functions function names as a goroutine dump prints them, without {@code (...)}
     * @return a copy of this extension that allows them
     */
    public GortExtension ignoreAnyFunction(String... functions) {
        return new GortExtension(ignoredTop, concat(ignoredAny, functions), leakWait, deadlockAfter);
    }

    /**
     * How long goroutines started by a test may take to end after it returns before they count as
     * leaked (goleak retries for about as long).
     *
     * @param wait the longest wait
     * @return a copy of this extension with that wait
     */
    public GortExtension leakWait(Duration wait) {
        return new GortExtension(ignoredTop, ignoredAny, wait, deadlockAfter);
    }

    /**
     * How long a blocked state must last, unchanged, before the test fails as deadlocked.
     *
     * @param after the time every goroutine must have stayed blocked
     * @return a copy of this extension with that delay
     */
    public GortExtension deadlockAfter(Duration after) {
        return new GortExtension(ignoredTop, ignoredAny, leakWait, after);
    }

    /**
     * No deadlock check: for a test whose goroutines are woken by a thread that existed before it
     * began (which the check presumes unrelated).
     *
     * @return a copy of this extension that never reports a deadlock
     */
    public GortExtension withoutDeadlockCheck() {
        return new GortExtension(ignoredTop, ignoredAny, leakWait, null);
    }

    private static List<String> concat(List<String> a, String[] b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return List.copyOf(all);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runAsGoTest(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        runAsGoTest(invocation);
    }

    private void runAsGoTest(Invocation<Void> invocation) throws Throwable {
        Panics.install();
        Panics.drain(); // already printed; they came from goroutines of earlier tests
        Set<Long> before = Dumps.ids(Dumps.goroutines());
        TestScope scope = new TestScope();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        Go.go(() -> {
            try {
                Go.func(() -> {
                    try {
                        invocation.proceed();
                    } catch (Exception | Error e) {
                        throw e;
                    } catch (Throwable t) { // neither: a Throwable subclass of the test's own
                        throw new UndeclaredThrowableException(t);
                    }
                });
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        Throwable failure = await(outcome, scope);
        // Wait for the test's goroutines first: one that is still panicking (its deferred calls may
        // have let the test return) queues its report before it ends.
        List<Dumps.Goroutine> leaked = failure == null ? leaks(before) : List.of();
        List<UnrecoveredPanic> panics = Panics.drain();
        if (!panics.isEmpty()) throw panicFailure(panics, failure);
        if (failure != null) throw failure;
        if (!leaked.isEmpty()) {
            StringBuilder b = new StringBuilder("found unexpected goroutines:\n");
            for (Dumps.Goroutine g : leaked) b.append('\n').append(g.text());
            throw new AssertionFailedError(b.toString());
        }
    }

    /** Waits for the test's goroutine; its failure or null. Throws when a goroutine panics or the test deadlocks. */
    private Throwable await(CompletableFuture<Void> outcome, TestScope scope) throws AssertionFailedError {
        long blocked = TestScope.alive();
        long blockedSince = 0;
        for (;;) {
            try {
                outcome.get(POLL_MS, TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            } catch (TimeoutException e) {
                // still running: look at it
            }
            List<UnrecoveredPanic> panics = Panics.drain();
            if (!panics.isEmpty()) throw panicFailure(panics, null);
            if (deadlockAfter == null) continue;
            long state = scope.blockedState();
            long now = System.nanoTime();
            if (state == TestScope.alive() || state != blocked) {
                blocked = state;
                blockedSince = now;
            } else if (now - blockedSince >= deadlockAfter.toNanos()) {
                if (TestScope.virtualThreadsAsleep() && scope.blockedState() == blocked) {
                    throw new AssertionFailedError(TestScope.deadlockReport());
                }
                blockedSince = now; // a virtual thread may still wake one: look again (a thread dump) after another period
            }
        }
    }

    /** Go's panic reports, oldest first, as the message; the test's own failure (if any) suppressed. */
    private static AssertionFailedError panicFailure(List<UnrecoveredPanic> panics, Throwable testFailure) {
        String message = panics.stream().map(UnrecoveredPanic::report).collect(Collectors.joining("\n"));
        AssertionFailedError e = new AssertionFailedError(message);
        if (testFailure != null) e.addSuppressed(testFailure);
        return e;
    }

    /**
     * goleak's VerifyNone: retries with growing sleeps until the goroutines started since
     * {@code before} (and not allowed) are gone or leakWait is over; those still alive then.
     */
    private List<Dumps.Goroutine> leaks(Set<Long> before) {
        long deadline = System.nanoTime() + leakWait.toNanos();
        long sleepMs = 1;
        for (;;) {
            List<Dumps.Goroutine> leaked = new ArrayList<>();
            for (Dumps.Goroutine g : Dumps.goroutines()) {
                if (!before.contains(g.id()) && !ignored(g)) leaked.add(g);
            }
            if (leaked.isEmpty() || System.nanoTime() - deadline >= 0) return leaked;
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return leaked;
            }
            sleepMs = Math.min(sleepMs * 2, 100);
        }
    }

    private boolean ignored(Dumps.Goroutine g) {
        List<String> fns = g.functions();
        if (!fns.isEmpty() && ignoredTop.contains(fns.get(0))) return true;
        for (String f : fns) {
            if (ignoredAny.contains(f)) return true;
        }
        return false;
    }

    /** The run-wide panic handler: queues each unrecovered panic for the test that is running. */
    static final class Panics {
        private Panics() {}

        private static final ConcurrentLinkedQueue<UnrecoveredPanic> QUEUE = new ConcurrentLinkedQueue<>();
        private static final Consumer<UnrecoveredPanic> HANDLER = QUEUE::add;

        /** Installs the handler (once; a handler the program set itself is replaced). */
        static synchronized void install() {
            Consumer<? super UnrecoveredPanic> old = GoRuntime.setPanicHandler(HANDLER);
            if (old != null && old != HANDLER) {
                System.err.println("gort-junit: replaced the program's panic handler for the test run");
            }
        }

        /** The panics queued so far, oldest first; the queue is left empty. */
        static List<UnrecoveredPanic> drain() {
            List<UnrecoveredPanic> all = new ArrayList<>();
            for (UnrecoveredPanic p; (p = QUEUE.poll()) != null; ) all.add(p);
            return all;
        }
    }
}
