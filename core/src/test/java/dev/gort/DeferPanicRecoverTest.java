package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.BoundsError;
import dev.gort.runtime.ErrorString;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.PanicNilError;
import dev.gort.runtime.RuntimeError;
import dev.gort.runtime.TypeAssertionError;
import dev.gort.testing.Goroutines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** defer/panic/recover rules, as Go 1.19 applies them (where recover() works, Goexit). */
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

    // Java code between the panic site and the frame sees the panic first, as it sees any
    // exception: the frame's deferred calls run only when the panic leaves the frame's body. Go
    // runs them on top of the panicking stack, but Go has no finally or catch to tell the
    // difference; a faster path that ran them at the panic site must keep these three.

    @Test
    void aJavaFinallyBetweenThePanicAndTheFrameRunsBeforeTheDeferredCalls() {
        List<String> order = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> order.add("deferred call recovers " + Go.recover()));
            try {
                Go.panic("pf");
            } finally {
                order.add("finally");
            }
        });
        assertEquals(List.of("finally", "deferred call recovers pf"), order);
    }

    @Test
    void aJavaCatchBetweenThePanicAndTheFrameStopsItBeforeTheDeferredCalls() {
        AtomicReference<Object> got = new AtomicReference<>("unset");
        String r = Go.func(() -> {
            Go.defer(() -> got.set(Go.recover()));
            try {
                Go.panic("pc");
            } catch (Panic p) {
                assertEquals("pc", p.value());
            }
            return "returned";
        });
        assertEquals("returned", r);
        assertNull(got.get(), "no panic was running when the deferred call ran");
    }

    static void panicSite() {
        Go.panic("ps");
    }

    @Test
    void anUnrecoveredPanicCarriesTheStackOfItsPanicSite() {
        List<String> ran = new ArrayList<>();
        Panic p = assertThrows(Panic.class, () -> Go.func(() -> {
            Go.defer(() -> ran.add("deferred call, no recover"));
            panicSite();
        }));
        assertEquals(List.of("deferred call, no recover"), ran);
        StackTraceElement site = Arrays.stream(p.getStackTrace())
                .filter(e -> !e.getClassName().equals(Go.class.getName()))
                .findFirst().orElseThrow();
        assertEquals("panicSite", site.getMethodName());
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
        assertEquals("interface conversion: interface {} is string, not int", ((TypeAssertionError) cast).error());
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

    // The cases below pin Go 1.19's behaviour; each comment gives the Go program's shape and the
    // lines it printed (go run, Go 1.19.8), which are the expected values.

    /**
     * {@code defer func() { defer cleanup(); r := recover(); ... }()}: the Go.func inside the
     * deferred call is the deferred function's own frame. Go: "recovered: p1", then cleanup's
     * recover is nil.
     */
    @Test
    void deferredFunctionThatDefersRecovers() {
        List<String> log = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> Go.func(() -> {
                Go.defer(() -> log.add("cleanup, recover = " + Go.recover()));
                log.add("recovered: " + Go.recover());
            }));
            Go.panic("p1");
        });
        assertEquals(List.of("recovered: p1", "cleanup, recover = null"), log);
    }

    /**
     * {@code defer func() { defer recover() }()} inside a panicking function: Go 1.19 recovers (the
     * deferred function's frame evaluates recover's implicit argument at its defer statement), so
     * the panic stops there: "after inner call", then the outer recover is nil.
     */
    @Test
    void deferRecoverInsideADeferredFunctionRecoversAsInGo119() {
        List<String> log = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> log.add("outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> Go.defer(Go::recover)));
                Go.panic("pa");
            });
            log.add("after inner call");
        });
        assertEquals(List.of("after inner call", "outer recover: null"), log);
    }

    static void recordRecover(List<String> log) {
        log.add("helper recover: " + Go.recover());
    }

    /**
     * What does not recover one level further down (Go: each inner recover nil, the outer gets
     * the panic): {@code defer func() { defer func() { recover() }() }()},
     * {@code defer func() { defer helper() }()} and
     * {@code defer func() { defer func() { defer recover() }() }()}.
     */
    @Test
    void deferredCallsOfTheDeferredFunctionDoNotRecover() {
        List<String> log = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> log.add("d outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> Go.defer(() -> log.add("d inner: " + Go.recover()))));
                Go.panic("pd");
            });
        });
        Go.func(() -> {
            Go.defer(() -> log.add("e outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> Go.defer(() -> recordRecover(log))));
                Go.panic("pe");
            });
        });
        Go.func(() -> {
            Go.defer(() -> log.add("f outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> Go.defer(() -> Go.func(() -> Go.defer(Go::recover)))));
                Go.panic("pf");
            });
        });
        assertEquals(List.of("d inner: null", "d outer recover: pd", "helper recover: null", "e outer recover: pe",
                "f outer recover: pf"), log);
    }

    static void recoverInAFunc(List<String> log) {
        Go.func(() -> log.add("inner recover: " + Go.recover()));
    }

    /**
     * {@code defer func() { func() { recover() }() }()}: recover in a function the deferred call
     * calls is nil (Go: "inner recover: <nil>", the outer gets p5). A Go.func reached through a
     * method, or a second Go.func inside the deferred function's own, is such a call.
     */
    @Test
    void recoverInAGoFuncCalledFromADeferredCallIsNil() {
        List<String> log = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> log.add("outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> recoverInAFunc(log));
                Go.panic("p5");
            });
        });
        Go.func(() -> {
            Go.defer(() -> log.add("outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> Go.func(() -> log.add("inner recover: " + Go.recover()))));
                Go.panic("p6");
            });
        });
        assertEquals(List.of("inner recover: null", "outer recover: p5", "inner recover: null", "outer recover: p6"), log);
    }

    /**
     * A deferred call made through {@link java.lang.reflect.Proxy}, Java's nearest thing to Go's
     * {@code reflect.MakeFunc}: Go's MakeFunc function recovers ("MakeFunc recover: pm", "after",
     * then the outer recover is nil).
     */
    @Test
    void recoverInAProxiedDeferredCallRecovers() {
        List<String> log = new ArrayList<>();
        ThrowingRunnable made = (ThrowingRunnable) java.lang.reflect.Proxy.newProxyInstance(
                ThrowingRunnable.class.getClassLoader(), new Class<?>[] {ThrowingRunnable.class}, (proxy, method, args) -> {
                    log.add("MakeFunc recover: " + Go.recover());
                    return null;
                });
        Go.func(() -> {
            Go.defer(() -> log.add("outer recover: " + Go.recover()));
            Go.func(() -> {
                Go.defer(made);
                Go.panic("pm");
            });
            log.add("after");
        });
        assertEquals(List.of("MakeFunc recover: pm", "after", "outer recover: null"), log);
    }

    /**
     * {@code var f func(); defer f()}: Go (since 1.14, issue 34926) panics when the deferred call
     * runs, so the statements after the defer run: "statement after defer runs", then "recovered:
     * runtime error: invalid memory address or nil pointer dereference".
     */
    @Test
    void deferOfNullPanicsWhenTheCallRuns() {
        List<String> log = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> log.add("recovered: " + Go.recover()));
            Go.defer(null);
            log.add("statement after defer runs");
        });
        assertEquals(List.of("statement after defer runs",
                "recovered: runtime error: invalid memory address or nil pointer dereference"), log);
    }

    @Test
    void aDeferredCallMayThrowACheckedException() {
        java.io.IOException closeFailed = new java.io.IOException("close failed");
        java.io.Closeable reader = () -> {
            throw closeFailed;
        };
        assertEquals(closeFailed, recoverFrom(() -> Go.func(() -> Go.defer(reader::close))));
    }

    interface M {
        void m();
    }

    /**
     * Go's three TypeAssertionError forms (go run: "interface conversion: int is not main.M:
     * missing method m", "interface {} is string, not int", "interface {} is int64, not string",
     * "interface {} is nil, not int", "interface is nil, not main.M"), Java types named as Go's.
     */
    @Test
    void failedCastsReadAsGoTypeAssertions() {
        Object one = 1, s = "s", three = 3L;
        Object toInterface = recoverFrom(() -> ((M) one).m());
        assertEquals("interface conversion: int is not dev.gort.DeferPanicRecoverTest.M: missing method m",
                ((TypeAssertionError) toInterface).error());
        assertEquals("interface conversion: interface {} is string, not int",
                ((TypeAssertionError) recoverFrom(() -> System.out.println((Integer) s))).error());
        assertEquals("interface conversion: interface {} is int64, not string",
                ((TypeAssertionError) recoverFrom(() -> System.out.println((String) three))).error());
        assertEquals("interface conversion: interface {} is nil, not int",
                new TypeAssertionError(TypeAssertionError.EMPTY_INTERFACE, null, "int", "", null).error());
        assertEquals("interface conversion: interface is nil, not main.M", new TypeAssertionError(null, null, "main.M", "", null).error());
        Object arrays = recoverFrom(() -> {
            Object a = new int[0];
            System.out.println(((long[]) a).length);
        });
        assertEquals("interface conversion: interface {} is []int, not []int64", ((TypeAssertionError) arrays).error());
    }

    @Test
    void aSelectRunByTwoGoroutinesAtOncePanics() throws Exception {
        Chan<Integer> never = new Chan<>();
        Select shared = new Select().recv(never, v -> {});
        Chan<Object> second = new Chan<>(1);
        Goroutines.Started first = Goroutines.start(shared::run); // blocks in the select until never closes
        Goroutines.awaitParked(first.g(), WaitReason.SELECT);
        Go.go(() -> {
            Go.defer(() -> second.send(Go.recover()));
            shared.run();
        });
        Object got = second.recv();
        assertInstanceOf(IllegalStateException.class, got);
        assertEquals("select: a built Select run by two goroutines at once (build one per goroutine)", ((Throwable) got).getMessage());
        never.close();
        first.join(); // the first run was not disturbed: it takes the close
    }
}
