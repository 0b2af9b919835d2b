package dev.gort.testing;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import dev.gort.internal.sched.Sched;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck options shared by gort's model checks (*LincheckTest, run by bin/test in a JVM of
 * their own with {@code -Dgort.lincheck=true}).
 *
 * <h2>Determinism</h2>
 * The model checker replays an interleaving by counting the shared-memory events of each thread,
 * so an operation must produce the same events every time it runs the same way. gort's one
 * piece of state that differs between the first and every later call on a thread is the foreign
 * G a plain thread gets the first time it touches a channel or semaphore
 * ({@link Sched#currentG}: a thread-local miss, a new G, its registration in a concurrent set
 * for the deadlock detector). Lincheck reuses its threads across invocations, so the first
 * invocation of a scenario ran those events and a replay of it did not: a rare "Non-determinism
 * found", reported after whatever made Lincheck replay (such as "The execution has hung").
 * The registration is bookkeeping outside what is checked, so the model checker runs it as an
 * ignored section (no events, no thread switches inside). The other non-deterministic inputs of
 * the primitives are made deterministic by Lincheck itself ({@code System.nanoTime}, the
 * starvation clock of sync.Mutex, and {@code ThreadLocalRandom}, select's poll order), and the
 * scheduler state that {@code Sched.canSpin} reads is constant in the Lincheck JVM, where no
 * goroutine runs.
 */
public final class Lincheck {
    private Lincheck() {}

    /** Model checking, with gort's per-thread first-use bookkeeping out of the explored events. */
    public static ModelCheckingOptions modelChecking(int iterations, int invocations, int threads, int actorsPerThread) {
        return new ModelCheckingOptions()
                .iterations(iterations).invocationsPerIteration(invocations).threads(threads).actorsPerThread(actorsPerThread)
                .addGuarantee(forClasses(Sched.class.getName()).methods("currentG").ignore());
    }

    /** Stress testing: real threads, no instrumentation of the interleavings. */
    public static StressOptions stress(int iterations, int invocations, int threads, int actorsPerThread) {
        return new StressOptions()
                .iterations(iterations).invocationsPerIteration(invocations).threads(threads).actorsPerThread(actorsPerThread);
    }
}
