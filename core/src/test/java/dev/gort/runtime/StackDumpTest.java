package dev.gort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gort.Go;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * runtime.Stack in Go's format: golden dumps of goroutines parked in each
 * wait reason, with their created-by lines; line numbers are normalised to {@code N} and checked
 * separately against the JVM's own line of the go statement.
 */
class StackDumpTest {
    private static final String T = "dev.gort.runtime.StackDumpTest";
    private static final String FILE = "dev/gort/runtime/StackDumpTest.java";

    /** Goroutines parked by a test, readied when it ends so that none outlives it. */
    private final List<G> parked = new ArrayList<>();
    private final ConcurrentHashMap<Long, G> byId = new ConcurrentHashMap<>();

    @AfterEach
    void release() {
        for (G g : parked) Sched.goready(g);
    }

    private static void park(WaitReason reason, ConcurrentHashMap<Long, G> into, CountDownLatch started) {
        G g = Sched.currentG();
        into.put(g.goid, g);
        started.countDown();
        Sched.gopark(reason);
    }

    private static String block(String dump, long goid) {
        int i = dump.indexOf("goroutine " + goid + " [");
        assertTrue(i >= 0, () -> "goroutine " + goid + " missing from\n" + dump);
        int end = dump.indexOf("\n\n", i);
        return dump.substring(i, end < 0 ? dump.length() : end + 1);
    }

    private static String normalise(String s) {
        return s.replaceAll(":\\d+\n", ":N\n");
    }

    /**
     * The goroutine's block of the first dump (polled for up to 30 s) that starts with its header
     * showing this status followed by {@code firstFrame} (may be empty).
     */
    private static String awaitBlock(long id, String status, String firstFrame) throws InterruptedException {
        String start = "goroutine " + id + " [" + status + "]:\n" + firstFrame;
        String dump = GoRuntime.stack(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!dump.contains(start) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            dump = GoRuntime.stack(true);
        }
        String b = block(dump, id);
        assertTrue(b.startsWith(start), dump);
        return b;
    }

    private void awaitParked(CountDownLatch started) throws InterruptedException {
        assertTrue(started.await(30, TimeUnit.SECONDS));
        for (G g : byId.values()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!g.isParked() && System.nanoTime() < deadline) Thread.sleep(1);
        }
        parked.addAll(byId.values());
    }

    /** Every wait reason: one goroutine each, created by a goroutine, so created-by names its id. */
    @Test
    void goldenDumpForEachWaitReason() throws Exception {
        WaitReason[] reasons = {WaitReason.CHAN_RECEIVE, WaitReason.CHAN_SEND, WaitReason.CHAN_RECEIVE_NIL_CHAN,
            WaitReason.CHAN_SEND_NIL_CHAN, WaitReason.SELECT, WaitReason.SELECT_NO_CASES, WaitReason.SLEEP,
            WaitReason.SEMACQUIRE, WaitReason.SYNC_COND_WAIT, WaitReason.SYNC_MUTEX_LOCK, WaitReason.SYNC_RWMUTEX_RLOCK,
            WaitReason.SYNC_RWMUTEX_LOCK, WaitReason.SYNC_WAITGROUP_WAIT, WaitReason.FINALIZER_WAIT};
        CountDownLatch started = new CountDownLatch(reasons.length);
        long[] ids = new long[reasons.length];
        int[] goLine = new int[1];
        long[] spawner = new long[1];
        CountDownLatch spawned = new CountDownLatch(1);
        Go.go(() -> {
            spawner[0] = Sched.currentG().goid;
            for (int i = 0; i < reasons.length; i++) {
                WaitReason r = reasons[i];
                goLine[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                ids[i] = Go.go(() -> park(r, byId, started)).id();
            }
            spawned.countDown();
        });
        assertTrue(spawned.await(30, TimeUnit.SECONDS));
        awaitParked(started);
        String dump = GoRuntime.stack(true);
        for (int i = 0; i < reasons.length; i++) {
            String b = block(dump, ids[i]);
            String expected = "goroutine " + ids[i] + " [" + reasons[i].text() + "]:\n"
                    + T + ".park(...)\n\t" + FILE + ":N\n"
                    + T + ".goldenDumpForEachWaitReason.func1.1(...)\n\t" + FILE + ":N\n"
                    + "created by " + T + ".goldenDumpForEachWaitReason.func1 in goroutine " + spawner[0] + "\n\t" + FILE + ":N\n";
            assertEquals(expected, normalise(b), dump);
            assertTrue(b.endsWith(FILE + ":" + goLine[0] + "\n"), b);
        }
    }

    /**
     * Every line of a dump is one of the shapes Go's parsers (gostackparse, panicparse's state
     * machine) expect: header, {@code func(...)}, tab + {@code file:line}, {@code created by},
     * elision, ancestor heading, or the blank line between goroutines.
     */
    @Test
    void everyDumpLineHasGoShape() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        Go.go(() -> park(WaitReason.CHAN_RECEIVE, byId, started));
        Go.go(() -> recurse(150, WaitReason.SELECT, byId, started));
        Go.go(() -> {
            GoRuntime.lockOSThread();
            park(WaitReason.SLEEP, byId, started);
        });
        awaitParked(started);
        Pattern line = Pattern.compile(String.join("|",
                "goroutine \\d+ \\[[^,\\]]+(, \\d+ minutes)?(, locked to thread)?\\]:",
                "[^\\s()]+\\(\\.\\.\\.\\)",
                "\\t[^\\s:]+:\\d+",
                "created by [^\\s()]+( in goroutine \\d+)?",
                "\\.\\.\\.\\d+ frames elided\\.\\.\\.",
                ""));
        String dump = GoRuntime.stack(true);
        for (String l : dump.split("\n", -1)) {
            assertTrue(line.matcher(l).matches(), () -> "not Go's shape: \"" + l + "\" in\n" + dump);
        }
        assertTrue(dump.endsWith("\n") && !dump.endsWith("\n\n"));
    }

    /** The caller comes first, [running], from the caller of Stack down; the text ends in one newline. */
    @Test
    void callerFirstAndRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        long other = Go.go(() -> park(WaitReason.CHAN_RECEIVE, byId, started)).id();
        awaitParked(started);
        String[] out = new String[2];
        long[] self = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            self[0] = Sched.currentG().goid;
            out[0] = GoRuntime.stack(true);
            out[1] = GoRuntime.stack(false);
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        String first = "goroutine " + self[0] + " [running]:\n" + T + ".callerFirstAndRunning.func2(...)\n\t" + FILE + ":N\n"
                + "created by " + T + ".callerFirstAndRunning\n\t" + FILE + ":N\n";
        assertTrue(normalise(out[0]).startsWith(first + "\ngoroutine "), out[0]);
        assertEquals(first, normalise(out[1]));
        assertTrue(out[0].contains("\n\ngoroutine " + other + " [chan receive]:\n"), out[0]);
        assertTrue(out[0].endsWith("\n") && !out[0].endsWith("\n\n"), out[0]);
    }

    /** A buffer that is too small gets a silent prefix: n == len(buf). */
    @Test
    void stackTruncatesLikeGo() {
        byte[] buf = new byte[64];
        int n = GoRuntime.stack(buf, false);
        assertEquals(64, n);
        String whole = GoRuntime.stack(false);
        assertEquals(whole.substring(0, 20), new String(buf, 0, 20, StandardCharsets.UTF_8));
        byte[] big = new byte[1 << 16];
        int m = GoRuntime.stack(big, false);
        assertTrue(m < big.length && new String(big, 0, m, StandardCharsets.UTF_8).startsWith("goroutine 0 [running]:\n"));
    }

    /** Whole minutes, plural, only from one minute on, before "locked to thread". */
    @Test
    void minutesAndLockedToThread() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        long plain = Go.go(() -> park(WaitReason.CHAN_RECEIVE, byId, started)).id();
        long locked = Go.go(() -> {
            GoRuntime.lockOSThread();
            park(WaitReason.CHAN_RECEIVE, byId, started);
        }).id();
        awaitParked(started);
        assertTrue(GoRuntime.stack(true).contains("goroutine " + locked + " [chan receive, locked to thread]:\n"));
        for (G g : byId.values()) g.waitSince -= 6_000 * 3 + 10; // three minutes of 10 ms sysmon ticks ago
        String dump = GoRuntime.stack(true);
        assertTrue(dump.contains("goroutine " + plain + " [chan receive, 3 minutes]:\n"), dump);
        assertTrue(dump.contains("goroutine " + locked + " [chan receive, 3 minutes, locked to thread]:\n"), dump);
    }

    /** A goroutine blocked in JDK socket code (not in gopark) is in Go's IO wait. */
    @Test
    void socketWaitIsIoWait() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long id = Go.go(() -> {
                try {
                    server.accept().close();
                } catch (IOException closed) {
                    // the test closed the socket
                }
            }).id();
            String b = awaitBlock(id, "IO wait", "");
            assertTrue(b.contains("java.net.ServerSocket.accept(...)\n"), b);
            assertTrue(b.contains(T + ".socketWaitIsIoWait.func1(...)\n"), b);
        }
    }

    /** A goroutine blocked in a native call (opening a FIFO pins its carrier) is in a syscall. */
    @Test
    void nativeBlockingIsSyscall() throws Exception {
        Path dir = Files.createTempDirectory("gort-fifo");
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
        try {
            long id = Go.go(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    in.read();
                }
            }).id();
            String b = awaitBlock(id, "syscall", "java.io.FileInputStream.open0(...)\n");
            assertTrue(b.contains(T + ".nativeBlockingIsSyscall.func1(...)\n"), b);
        } finally {
            new FileOutputStream(fifo.toFile()).close(); // releases the reader
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }

    private static volatile boolean stopSpinning;

    /**
     * A goroutine that yielded (Gosched) while another holds the only P is runnable, its trace
     * topped by GoRuntime.gosched as Go's by runtime.Gosched; the one holding the P is running.
     */
    @Test
    void yieldedIsRunnableAndTheSpinnerRunning() throws Exception {
        int procs = GoRuntime.gomaxprocs(1);
        stopSpinning = false;
        try {
            long yielder = Go.go(() -> {
                while (!stopSpinning) GoRuntime.gosched();
            }).id();
            long spinner = Go.go(() -> {
                while (!stopSpinning) Thread.onSpinWait();
            }).id();
            awaitBlock(yielder, "runnable", "dev.gort.runtime.GoRuntime.gosched(...)\n");
            awaitBlock(spinner, "running", T + ".yieldedIsRunnableAndTheSpinnerRunning.func2(...)\n");
        } finally {
            stopSpinning = true;
            GoRuntime.gomaxprocs(procs);
        }
    }

    private static void recurse(int depth, WaitReason r, ConcurrentHashMap<Long, G> into, CountDownLatch started) {
        if (depth == 0) {
            park(r, into, started);
        } else {
            recurse(depth - 1, r, into, started);
        }
    }

    /** Deep stacks: the innermost and outermost 50 frames with "...N frames elided..." between (Go 1.21). */
    @Test
    void deepStacksAreElided() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        long id = Go.go(() -> recurse(200, WaitReason.SELECT, byId, started)).id();
        awaitParked(started);
        String b = block(GoRuntime.stack(true), id);
        String[] lines = b.split("\n");
        // header, 50 frames (2 lines each), the elision line, 50 frames, created by (2 lines)
        assertEquals(1 + 100 + 1 + 100 + 2, lines.length, b);
        assertEquals("...103 frames elided...", lines[101]); // park + 201 recurse + func1 = 203 frames
        assertEquals(T + ".park(...)", lines[1]);
        assertEquals(T + ".deepStacksAreElided.func1(...)", lines[lines.length - 4]);
    }
}
