package dev.gort.sync;

import dev.gort.Go;
import dev.gort.Panic;
import dev.gort.ThrowingRunnable;
import dev.gort.ThrowingSupplier;
import dev.gort.internal.panics.GoexitSignal;
import dev.gort.internal.panics.Unwinder;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Once}: performs exactly one action. {@link #run} is Go's {@code Do}
 * ({@code do} is a Java keyword).
 *
 * <h2>Design (Go's algorithm, sync/once.go)</h2>
 * {@link #done} is set, with release semantics, only after f has returned (or panicked), so a
 * caller that sees it set also sees everything f wrote. Callers that find it unset serialise on
 * {@link #m}; the first runs f, the others wait for it and then return without calling f. The
 * fast path is one volatile read.
 */
public final class Once {
    /** Whether the action has run (Go's {@code done}); written once, under m. */
    private volatile boolean done;
    private final Mutex m = new Mutex();

    /** A new Once whose action has not run (Go's zero value). */
    public Once() {}

    /**
     * Go's {@code Once.Do(f)}: calls f if and only if this is the first call of {@code run} on
     * this Once, even with different f's. No call returns before f has returned. If f panics,
     * {@code run} considers it returned: later calls do not call f, and the panic propagates.
     * If f calls {@code run} on the same Once it deadlocks, as in Go.
     *
     * @param f the function to call once
     */
    public void run(Runnable f) {
        if (!done) runSlow(f);
    }

    private void runSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }

    /**
     * Go's {@code sync.OnceFunc(f)} (Go 1.21): a function that calls f only the first time it is
     * called, from any number of goroutines. If f panics (or throws), the returned function
     * panics with the same value on every call: the first call with f's own panic, later ones
     * with a new panic carrying the same value.
     *
     * @param f the function to call once
     * @return the function that calls f the first time
     */
    public static Runnable func(ThrowingRunnable f) {
        Supplier<Object> once = onceValue(() -> {
            f.run();
            return null;
        });
        return once::get;
    }

    /**
     * Go's {@code sync.OnceValue(f)} (Go 1.21): a function that calls f only the first time and
     * returns its result on every call; a panic in f is replayed as {@link #func} describes.
     *
     * @param <T> the result's type
     * @param f the function to call once
     * @return the function that calls f the first time and returns its result
     */
    public static <T> Supplier<T> onceValue(ThrowingSupplier<T> f) {
        return new OnceValue<>(f);
    }

    /**
     * Go's {@code sync.OnceValues(f)} (Go 1.21) for {@code f func() (T1, T2)}: as
     * {@link #onceValue}, for a function whose two results come as a {@link Values} pair.
     *
     * @param <T1> the first result's type
     * @param <T2> the second result's type
     * @param f the function to call once
     * @return the function that calls f the first time and returns its results
     */
    public static <T1, T2> Supplier<Values<T1, T2>> onceValues(ThrowingSupplier<Values<T1, T2>> f) {
        return onceValue(f);
    }

    /**
     * Two results of one call, as Go's {@code (T1, T2)}.
     *
     * @param first  the first result
     * @param second the second result
     * @param <T1>   type of the first result
     * @param <T2>   type of the second result
     */
    public record Values<T1, T2>(T1 first, T2 second) {}

    /** OnceValue's state: Go's {@code once}, {@code valid}, {@code p} and {@code result}. */
    private static final class OnceValue<T> implements Supplier<T> {
        private final Once once = new Once();
        /** Dropped after the call, as Go sets f to nil, so that what f captured can be collected. */
        private ThrowingSupplier<T> f;
        /** Written under {@link #once}, read after it: Once's happens-before makes plain fields safe. */
        private T result;
        private Object panicValue;
        private boolean valid;

        OnceValue(ThrowingSupplier<T> f) {
            this.f = f;
        }

        @Override
        public T get() {
            once.run(this::call);
            if (!valid) throw Go.panic(panicValue);
            return result;
        }

        private void call() {
            try {
                result = f.get();
                valid = true;
            } catch (GoexitSignal e) {
                throw e; // later calls panic with nil, as Go's replay of a Goexit does
            } catch (RuntimeException | Error e) {
                panicValue = Unwinder.newRecord(e, null).value;
                throw e; // the first call panics with f's own panic
            } catch (Exception e) { // a checked exception: a panic with it as the value, as in Go.func
                panicValue = e;
                throw new Panic(e);
            } finally {
                f = null;
            }
        }
    }
}
