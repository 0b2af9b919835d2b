package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Caller, Callers, CallersFrames and FuncForPC with Go's skip rules and naming (seed docs;
 * Go 1.19's output). Expected lines come from the JVM's own stack traces, taken on the line
 * before the call.
 */
class CallersTest {
    private static final String T = "dev.gort.runtime.CallersTest";
    private static final String FILE = "dev/gort/runtime/CallersTest.java";

    /** The line after the one this is called from. */
    private static int nextLine() {
        return new Throwable().getStackTrace()[1].getLineNumber() + 1;
    }

    private static List<String> callerInfo() {
        List<String> out = new ArrayList<>();
        for (int skip = 0; skip < 3; skip++) {
            Caller c = GoRuntime.caller(skip).orElseThrow();
            out.add(GoRuntime.funcForPC(c.pc()).name() + " " + c.file());
        }
        return out;
    }

    private static List<String> level2() {
        return callerInfo();
    }

    private static List<String> level1() {
        return level2();
    }

    @Test
    void callerSkipZeroIsTheCallerOfCaller() {
        int line = nextLine();
        Caller c = GoRuntime.caller(0).orElseThrow();
        assertEquals(FILE, c.file());
        assertEquals(line, c.line());
        assertEquals(T + ".callerSkipZeroIsTheCallerOfCaller", GoRuntime.funcForPC(c.pc()).name());
    }

    @Test
    void callerSkipsAscendTheStack() {
        assertEquals(List.of(T + ".callerInfo " + FILE, T + ".level2 " + FILE, T + ".level1 " + FILE), level1());
    }

    @Test
    void callerPastTheEndIsEmpty() {
        assertTrue(GoRuntime.caller(10_000).isEmpty());
    }

    @Test
    void callersSkipZeroIsCallersItself() {
        long[] pcs = new long[8];
        int n = GoRuntime.callers(0, pcs);
        assertTrue(n >= 2);
        assertEquals("dev.gort.runtime.GoRuntime.callers", GoRuntime.funcForPC(pcs[0]).name());
        assertEquals(T + ".callersSkipZeroIsCallersItself", GoRuntime.funcForPC(pcs[1]).name());
        assertEquals(1, GoRuntime.callers(0, new long[1]));
        assertEquals(0, GoRuntime.callers(10_000, pcs));
        long[] fromOne = new long[8];
        GoRuntime.callers(1, fromOne);
        assertEquals(T + ".callersSkipZeroIsCallersItself", GoRuntime.funcForPC(fromOne[0]).name());
    }

    /** Go's ExampleFrames: c, b and a are func1, func2, func3, and a() → b() → c() → Callers(0). */
    @Test
    void exampleFrames() {
        List<String> printed = new ArrayList<>();
        Runnable c = () -> {
            long[] pc = new long[10];
            int n = GoRuntime.callers(0, pc);
            Frames frames = GoRuntime.callersFrames(java.util.Arrays.copyOf(pc, n));
            for (;;) {
                Frames.Next next = frames.next();
                Frame frame = next.frame();
                if (!frame.file().startsWith("dev/gort/runtime/")) break;
                printed.add("- more:" + next.more() + " | " + frame.function());
                if (!next.more()) break;
            }
        };
        Runnable b = () -> c.run();
        Runnable a = () -> b.run();
        a.run();
        assertEquals(List.of(
                "- more:true | dev.gort.runtime.GoRuntime.callers",
                "- more:true | " + T + ".exampleFrames.func1",
                "- more:true | " + T + ".exampleFrames.func2",
                "- more:true | " + T + ".exampleFrames.func3",
                "- more:true | " + T + ".exampleFrames"), printed);
    }

    /** Nested closures are named after their enclosing closure (func1.1), as Go names them. */
    @Test
    void nestedClosuresAreNumberedPerEnclosingFunction() {
        String[] names = new String[3];
        Runnable outer = () -> {
            Runnable inner = () -> names[0] = GoRuntime.funcForPC(GoRuntime.caller(0).orElseThrow().pc()).name();
            inner.run();
            names[1] = GoRuntime.funcForPC(GoRuntime.caller(0).orElseThrow().pc()).name();
        };
        Runnable second = () -> names[2] = GoRuntime.funcForPC(GoRuntime.caller(0).orElseThrow().pc()).name();
        outer.run();
        second.run();
        String m = T + ".nestedClosuresAreNumberedPerEnclosingFunction";
        assertEquals(m + ".func1.1", names[0]);
        assertEquals(m + ".func1", names[1]);
        assertEquals(m + ".func2", names[2]);
    }

    @Test
    void funcForPC() {
        assertNull(GoRuntime.funcForPC(0));
        int line = nextLine();
        Caller c = GoRuntime.caller(0).orElseThrow();
        Func f = GoRuntime.funcForPC(c.pc());
        assertNotNull(f);
        assertEquals(T + ".funcForPC", f.name());
        assertTrue(f.entry() <= c.pc());
        assertEquals(new Func.FileLine(FILE, line), f.fileLine(c.pc()));
        assertEquals(f, GoRuntime.funcForPC(f.entry()));
    }

    @Test
    void framesAfterTheLastAreZero() {
        long[] pcs = new long[1];
        assertEquals(1, GoRuntime.callers(1, pcs));
        Frames frames = GoRuntime.callersFrames(pcs);
        Frames.Next first = frames.next();
        assertFalse(first.more());
        assertEquals(T + ".framesAfterTheLastAreZero", first.frame().function());
        assertEquals(first.frame().func().entry(), first.frame().entry());
        Frames.Next after = frames.next();
        assertEquals(new Frame(0, null, "", "", 0, 0), after.frame());
        assertFalse(after.more());
        List<String> viaIterable = new ArrayList<>();
        for (Frame f : GoRuntime.callersFrames(pcs)) viaIterable.add(f.function());
        assertEquals(List.of(T + ".framesAfterTheLastAreZero"), viaIterable);
    }

    /** A Caller and the JVM's own line for the same call site. */
    private record Seen(Caller caller, int line) {}

    private static Seen over(int x) {
        return new Seen(GoRuntime.caller(0).orElseThrow(), new Throwable().getStackTrace()[0].getLineNumber());
    }

    private static Seen over(String x) {
        return new Seen(GoRuntime.caller(0).orElseThrow(), new Throwable().getStackTrace()[0].getLineNumber());
    }

    /** Overloads share Go's name, and each keeps its own lines (their call sites share a bytecode index). */
    @Test
    void overloadsKeepTheirLines() {
        for (Seen s : List.of(over(1), over("s"), over(2), over("t"))) {
            Caller c = s.caller();
            assertEquals(T + ".over", GoRuntime.funcForPC(c.pc()).name());
            assertEquals(s.line(), c.line());
            assertEquals(s.line(), GoRuntime.funcForPC(c.pc()).fileLine(c.pc()).line());
        }
        assertNotEquals(over(1).caller().pc(), over("s").caller().pc());
    }

    static final class Inner {
        final Caller made;

        Inner() {
            made = GoRuntime.caller(0).orElseThrow();
        }
    }

    @Test
    void constructorsAndNestedClasses() {
        Caller c = new Inner().made;
        assertEquals(T + ".Inner.init", GoRuntime.funcForPC(c.pc()).name());
        assertNotEquals(0, c.line());
    }

    private static long here() {
        return GoRuntime.caller(0).orElseThrow().pc();
    }

    /** A code location has one PC: the first call (which learns the frame) and every later one agree. */
    @Test
    void aLocationKeepsItsPc() {
        long first = here();
        for (int i = 0; i < 1000; i++) assertEquals(first, here());
        long[] pcs = new long[1];
        for (int i = 0; i < 3; i++) {
            assertEquals(1, GoRuntime.callers(0, pcs));
            assertEquals(pcs[0], GoRuntime.callers(0, new long[1]) == 1 ? pcs[0] : 0);
        }
    }

    /** Frames of Method.invoke and the JDK's accessors are not part of the stack (a StackWalker hides them too). */
    @Test
    void reflectionFramesAreHidden() throws ReflectiveOperationException {
        long[] pcs = (long[]) CallersTest.class.getDeclaredMethod("stackHere").invoke(null);
        assertEquals(T + ".stackHere", GoRuntime.funcForPC(pcs[0]).name());
        assertEquals(T + ".reflectionFramesAreHidden", GoRuntime.funcForPC(pcs[1]).name());
    }

    private static long[] stackHere() {
        long[] pcs = new long[2];
        assertEquals(2, GoRuntime.callers(1, pcs));
        return pcs;
    }

    /**
     * Below the JVM's stack-trace depth limit (1024 frames by default) the frames come from a walk:
     * they are all there, and a recursive method's frames keep the PC they have near the top.
     */
    @Test
    void framesBeyondTheDepthLimitAreFound() {
        long[] top = new long[3];
        assertEquals(3, recurse(1500, 1, top));
        long[] beyond = new long[3];
        assertEquals(3, recurse(1500, 1498, beyond));
        for (long pc : beyond) assertEquals(T + ".recurse", GoRuntime.funcForPC(pc).name());
        assertEquals(top[1], beyond[0]);
        assertEquals(top[1], beyond[2]);
        assertEquals(top[1], top[2]);
    }

    /** Callers(skip) from {@code n} frames of recursion deep. */
    private static int recurse(int n, int skip, long[] pcs) {
        if (n > 0) return recurse(n - 1, skip, pcs);
        return GoRuntime.callers(skip, pcs);
    }

    /**
     * A deep stack is captured on the first call of a thread and walked on the next ones (a capture
     * costs more there): both give the same PC for the same location.
     */
    @Test
    void captureAndWalkAgree() throws InterruptedException {
        long[] pcs = new long[4];
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < pcs.length; i++) pcs[i] = deepHere(300);
        });
        t.join(10_000);
        assertFalse(t.isAlive());
        for (long pc : pcs) assertEquals(T + ".deepHere", GoRuntime.funcForPC(pc).name());
        for (long pc : pcs) assertEquals(pcs[0], pc);
    }

    private static long deepHere(int n) {
        return n > 0 ? deepHere(n - 1) : GoRuntime.caller(0).orElseThrow().pc();
    }
}
