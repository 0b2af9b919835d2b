package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.runtime.BoundsError;
import dev.gort.runtime.ErrorString;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.PanicNilError;
import dev.gort.runtime.RuntimeError;
import dev.gort.runtime.TypeAssertionError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** defer/panic/recover rules, after go-behaviour.md A4 ("Where recover() works", Goexit). */
class DeferPanicRecoverTest {

    @Test
    void recoverOutsideAnyDeferIsNil() {
        assertNull(Go.recover());
        Go.func(() -> assertNull(Go.recover()));
    }

    @Test
    void deferredCallsRunLastInFirstOut() {
        List<Integer> order = new ArrayList<>();
        Go.func(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                Go.defer(() -> order.add(n));
            }
        });
        assertEquals(List.of(2, 1, 0), order);
    }

    @Test
    void directRecoverStopsThePanicAndTheFrameReturnsNormally() {
        AtomicReference<Object> got = new AtomicReference<>();
        List<String> after = new ArrayList<>();
        String r = Go.func(() -> {
            Go.defer(() -> after.add("earlier defer still runs"));
            Go.defer(() -> got.set(Go.recover()));
            Go.panic("p1");
            return "unreached";
        });
        assertEquals("p1", got.get());
        assertNull(r, "a recovered function returns null");
        assertEquals(List.of("earlier defer still runs"), after);
    }

    static Object helperRecover() {
        return Go.recover();
    }

    @Test
    void recoverCalledByAHelperOfTheDeferredCallIsNil() {
        AtomicReference<Object> inner = new AtomicReference<>("unset"), outer = new AtomicReference<>();
        Go.func(() -> {
            Go.defer(() -> outer.set(Go.recover()));
            Go.func(() -> {
                Go.defer(() -> inner.set(helperRecover())); // defer func() { helper() }()
                Go.panic("p2");
            });
        });
        assertNull(inner.get());
        assertEquals("p2", outer.get());
    }

    @Test
    void deferRecoverItselfDoesNotRecover() {
        AtomicReference<Object> outer = new AtomicReference<>();
        Go.func(() -> {
            Go.defer(() -> outer.set(Go.recover()));
            Go.func(() -> {
                Go.defer(Go::recover); // defer recover()
                Go.panic("p3");
            });
        });
        assertEquals("p3", outer.get());
    }

    static void helperThatRecovers() {
        Go.recover();
    }

    @Test
    void deferredHelperThatRecoversDoesRecover() {
        AtomicReference<Object> outer = new AtomicReference<>("unset");
        Go.func(() -> {
            Go.defer(() -> outer.set(Go.recover()));
            Go.func(() -> {
                Go.defer(DeferPanicRecoverTest::helperThatRecovers); // defer helper()
                Go.panic("p5");
            });
        });
        assertNull(outer.get());
    }

    @Test
    void secondRecoverInTheSameCallIsNil() {
        List<Object> got = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> {
                got.add(Go.recover());
                got.add(Go.recover());
            });
            Go.panic("p4");
        });
        assertEquals("p4", got.get(0));
        assertNull(got.get(1));
    }

    @Test
    void recoverInADeferredCallWithoutPanicIsNil() {
        AtomicReference<Object> got = new AtomicReference<>("unset");
        Go.func(() -> Go.defer(() -> got.set(Go.recover())));
        assertNull(got.get());
    }

    @Test
    void unrecoveredPanicPropagatesToJavaCallers() {
        Panic p = assertThrows(Panic.class, () -> Go.func(() -> {
            Go.panic("up");
        }));
        assertEquals("up", p.value());
        assertEquals("up", p.getMessage());
    }

    @Test
    void jvmFaultsRecoverAsGoRuntimeErrors() {
        assertInstanceOf(ErrorString.class, recoverFrom(() -> ((Object) null).hashCode()));
        Object idx = recoverFrom(() -> {
            int[] a = new int[0];
            a[3]++;
        });
        assertEquals("runtime error: index out of range [3] with length 0", ((RuntimeError) idx).error());
        assertEquals(3, ((BoundsError) idx).index());
        Object div = recoverFrom(() -> {
            int zero = 0;
            System.out.println(1 / zero);
        });
        assertEquals("runtime error: integer divide by zero", ((RuntimeError) div).error());
        Object cast = recoverFrom(() -> {
            Object s = "x";
            System.out.println((Integer) s);
        });
        assertEquals("interface conversion: interface {} is java.lang.String, not java.lang.Integer", ((TypeAssertionError) cast).error());
    }

    private static Object recoverFrom(ThrowingRunnable body) {
        AtomicReference<Object> got = new AtomicReference<>();
        Go.func(() -> {
            Go.defer(() -> got.set(Go.recover()));
            body.run();
        });
        return got.get();
    }

    @Test
    void panicNilIsAPanicNilError() {
        Object v = recoverFrom(() -> Go.panic(null));
        assertInstanceOf(PanicNilError.class, v);
        assertEquals("panic called with nil argument", ((RuntimeError) v).error());
    }

    @Test
    void otherExceptionsRecoverAsThemselves() {
        IllegalStateException e = new IllegalStateException("mine");
        assertEquals(e, recoverFrom(() -> {
            throw e;
        }));
    }

    @Test
    void deferOutsideAFrameIsRefused() {
        assertThrows(IllegalStateException.class, () -> Go.defer(() -> {}));
    }

    @Test
    void goexitRunsEveryDeferAndIsNotRecoverable() throws Exception {
        List<String> log = new ArrayList<>();
        Goroutine g = Go.go(() -> {
            Go.defer(() -> log.add("outer: recover=" + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> log.add("inner defer"));
                GoRuntime.goexit();
                log.add("not reached");
            });
            log.add("not reached either");
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertEquals(List.of("inner defer", "outer: recover=null"), log);
    }

    @Test
    void goexitInADeferAbandonsThePanic() throws Exception {
        List<String> log = new ArrayList<>();
        Goroutine g = Go.go(() -> {
            Go.defer(() -> log.add("later defers still run"));
            Go.defer(GoRuntime::goexit);
            Go.panic("abandoned");
        });
        assertTrue(g.join(Duration.ofSeconds(10)), "the program did not crash");
        assertEquals(List.of("later defers still run"), log);
    }

    @Test
    void panicDuringGoexitRecoveredStillExits() throws Exception {
        List<String> log = new ArrayList<>();
        Goroutine g = Go.go(() -> {
            Go.defer(() -> log.add("recovered: " + Go.recover()));
            Go.defer(() -> Go.panic("in a defer run by Goexit"));
            GoRuntime.goexit();
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        assertEquals(List.of("recovered: in a defer run by Goexit"), log);
    }

    @Test
    void deferAndRecoverWorkOnPlainThreads() throws Exception {
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = new Thread(() -> got.set(recoverFrom(() -> Go.panic("plain"))));
        t.start();
        t.join();
        assertEquals("plain", got.get());
    }
}
