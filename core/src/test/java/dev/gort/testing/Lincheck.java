package dev.gort.testing;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import dev.gort.internal.sched.Sched;
import java.util.concurrent.atomic.LongAdder;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck options shared by gort's model checks (*LincheckTest, run by bin/test in a JVM of
 * their own with {@code -Dgort.lincheck=true}).
 *
 * <h2>Determinism</h2>
 * The model checker controls every thread switch and replays an interleaving by counting each
 * thread's shared-memory events, so an operation must produce the same events every time it runs
 * the same way. gort's one piece of state that differs between the first and every later call on
 * a thread is the foreign G a plain thread gets the first time it parks on a channel or
 * semaphore ({@link Sched#currentG}): a thread-local miss, a new G, and its registration in a
 * ConcurrentHashMap-backed set that the deadlock detector reads (swept of dead threads now and
 * then). Lincheck runs the many invocations of a scenario on the same threads, so only the first
 * ran those events. When two first uses met in that map's resize, the model checker explored
 * the map's internal spin-and-help protocol and could report "The execution has hung"; its replay
 * of that interleaving, on threads that now had their G's, then diverged: "Non-determinism
 * found" (LincheckTest.rwMutexReadsAreAtomic, about one run in seven). The registration is
 * bookkeeping outside what is checked, so the model checker runs it as an ignored section (no
 * events, no thread switches inside).
 *
 * <p>The runtime's statistics counters are {@link LongAdder}s (the semaphore's mutex wait time,
 * {@code /sync/mutex/wait/total:seconds}) with the same trait: a static adder keeps its striped
 * cells once contention has created them, so later invocations take another path through it,
 * and its cell-allocation lock is a spin the model checker would explore. They are statistics,
 * not synchronisation, and run as ignored sections too.
 *
 * <p>The other non-deterministic inputs of the primitives are made deterministic by Lincheck
 * itself ({@code System.nanoTime}, which sync.Mutex's starvation clock reads, and
 * {@code ThreadLocalRandom}, select's poll order), and the scheduler state that
 * {@code Sched.canSpin} reads is constant in the Lincheck JVM, where no goroutine runs.
 */
public final class Lincheck {
    private Lincheck() {}

    /** Model checking, with gort's per-thread first-use bookkeeping out of the explored events. */
    public static ModelCheckingOptions modelChecking(int iterations, int invocations, int threads, int actorsPerThread) {
        return new ModelCheckingOptions()
                .iterations(iterations).invocationsPerIteration(invocations).threads(threads).actorsPerThread(actorsPerThread)
                .addGuarantee(forClasses(Sched.class.getName()).methods("currentG").ignore())
                .addGuarantee(forClasses(LongAdder.class.getName()).allMethods().ignore());
    }

    /** Stress testing: real threads, no instrumentation of the interleavings. */
    public static StressOptions stress(int iterations, int invocations, int threads, int actorsPerThread) {
        return new StressOptions()
                .iterations(iterations).invocationsPerIteration(invocations).threads(threads).actorsPerThread(actorsPerThread);
    }
}
