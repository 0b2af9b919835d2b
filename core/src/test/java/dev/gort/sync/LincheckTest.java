package dev.gort.sync;

import dev.gort.internal.sema.Sema;
import dev.gort.testing.Lincheck;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lincheck on JDK 25, both strategies (plain threads, so the primitives park foreign G's): every
 * concurrent history of the operations below must be explainable by some sequential order of
 * them. Each operation takes and releases its lock, so none blocks forever. (tryLock is not
 * checked: its failure needs a concurrent holder, which a sequential specification cannot
 * express.)
 *
 * <p>bin/test runs it in the Lincheck JVM (core/pom.xml, profile lincheck; determinism:
 * {@link Lincheck}); alone: {@code mvn -pl core test -Dtest=LincheckTest -Dgort.lincheck=true}.
 */
@EnabledIfSystemProperty(named = "gort.lincheck", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES) // CPU-bound: ~1 min on two idle cores, ~3 min at load 20
class LincheckTest {

    /** A counter guarded by a Mutex. */
    public static class MutexCounter {
        private final Mutex m = new Mutex();
        private int n;

        @Operation
        public int increment() {
            m.lock();
            try {
                return ++n;
            } finally {
                m.unlock();
            }
        }

        @Operation
        public int get() {
            m.lock();
            try {
                return n;
            } finally {
                m.unlock();
            }
        }
    }

    /** Two fields a writer keeps equal; readers return them together. */
    public static class RWMutexPair {
        private final RWMutex rw = new RWMutex();
        private int a, b;

        @Operation
        public int write() {
            rw.lock();
            try {
                a++;
                return ++b;
            } finally {
                rw.unlock();
            }
        }

        @Operation
        public long read() {
            rw.rLock();
            try {
                return ((long) a << 32) | b;
            } finally {
                rw.rUnlock();
            }
        }
    }

    /** The semaphore as a counter: release adds a unit, tryAcquire takes one if there is one. */
    public static class SemaCounter {
        private final Sema s = new Sema();

        @Operation
        public void release() {
            s.release(false);
        }

        @Operation
        public boolean tryAcquire() {
            return s.tryAcquire();
        }
    }

    private static StressOptions stress() {
        return Lincheck.stress(30, 500, 3, 3);
    }

    /** Model checking: Lincheck drives the thread switches (including park/unpark) through the interleavings. */
    private static ModelCheckingOptions modelChecking() {
        return Lincheck.modelChecking(20, 200, 3, 2);
    }

    @Test
    void mutexCounterIsLinearizable() {
        stress().check(MutexCounter.class);
        modelChecking().check(MutexCounter.class);
    }

    @Test
    void rwMutexReadsAreAtomic() {
        stress().check(RWMutexPair.class);
        modelChecking().check(RWMutexPair.class);
    }

    @Test
    void semaphoreIsLinearizable() {
        stress().check(SemaCounter.class);
        modelChecking().check(SemaCounter.class);
    }
}
