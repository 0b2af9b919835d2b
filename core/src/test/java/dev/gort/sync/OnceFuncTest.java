package dev.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gort.Go;
import dev.gort.Panic;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** sync.OnceFunc, OnceValue, OnceValues (Go 1.21): one call, shared result, panics replayed. */
class OnceFuncTest {

    @Test
    void onceValueCallsFOnceForAllGoroutines() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Integer> v = Once.onceValue(() -> {
            calls.incrementAndGet();
            return 42;
        });
        int n = 100;
        AtomicInteger right = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                if (v.get() == 42) right.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(1, calls.get());
        assertEquals(n, right.get());
    }

    @Test
    void onceValueReplaysAPanicOnEveryCall() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> v = Once.onceValue(() -> {
            calls.incrementAndGet();
            throw Go.panic("boom");
        });
        Panic first = assertThrows(Panic.class, v::get);
        Panic second = assertThrows(Panic.class, v::get);
        Panic third = assertThrows(Panic.class, v::get);
        assertEquals("boom", first.value());
        assertEquals("boom", second.value());
        assertEquals("boom", third.value());
        assertNotSame(second, third, "each call panics anew with the same value");
        assertEquals(1, calls.get());
    }

    @Test
    void aReplayedPanicCanBeRecovered() {
        Runnable f = Once.func(() -> {
            throw Go.panic("once");
        });
        for (int i = 0; i < 2; i++) {
            Object[] recovered = new Object[1];
            Go.func(() -> {
                Go.defer(() -> recovered[0] = Go.recover());
                f.run();
            });
            assertEquals("once", recovered[0]);
        }
    }

    @Test
    void onceFuncRunsOnceAndAThrownExceptionIsAPanicWithItAsValue() {
        AtomicInteger calls = new AtomicInteger();
        Runnable f = Once.func(calls::incrementAndGet);
        f.run();
        f.run();
        assertEquals(1, calls.get());
        IOException io = new IOException("disk");
        Runnable g = Once.func(() -> {
            throw io;
        });
        assertSame(io, assertThrows(Panic.class, g::run).value());
        assertSame(io, assertThrows(Panic.class, g::run).value());
    }

    @Test
    void onceValuesReturnsBothResults() {
        Supplier<Once.Values<String, Exception>> v = Once.onceValues(() -> new Once.Values<>("config", null));
        assertEquals(new Once.Values<String, Exception>("config", null), v.get());
        assertSame(v.get(), v.get());
    }
}
