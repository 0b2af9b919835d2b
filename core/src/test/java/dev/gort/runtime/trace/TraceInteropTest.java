package dev.gort.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.context.Context;
import dev.gort.Go;
import dev.gort.Select;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.Goroutines;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import dev.gort.time.Time;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gort's traces read by Go 1.19's own tools: {@code go tool trace -d} parses them (it replays
 * every goroutine's and P's state machine and fails on any inconsistency), and the derived
 * synchronization and scheduler-latency profiles name the functions that really blocked.
 */
class TraceInteropTest {
    @TempDir
    Path dir;

    static int total;

    static void producer(Chan<Integer> work, int n) {
        for (int i = 0; i < n; i++) work.send(i);
    }

    static void consumer(Chan<Integer> work, Mutex mu, WaitGroup wg, Context ctx) {
        Trace.withRegion(ctx, "consume", () -> {
            for (int v : work) {
                mu.lock();
                total += v;
                mu.unlock();
            }
        });
        wg.done();
    }

    static void ticker(Chan<Boolean> quit, Context ctx) {
        for (;;) {
            boolean[] done = {false};
            new Select()
                    .recv(quit, q -> done[0] = true)
                    .recv(Time.after(Duration.ofMillis(1)), t -> Trace.log(ctx, "tick", "timer fired"))
                    .run();
            if (done[0]) return;
        }
    }

    /** Producers and consumers on a small buffered channel, a mutex, a select on a timer and a quit channel. */
    static void channelHeavy() throws InterruptedException {
        Task task = Trace.newTask(Context.background(), "channel-heavy");
        Context ctx = task.context();
        Chan<Integer> work = new Chan<>(2);
        Chan<Boolean> quit = new Chan<>();
        Mutex mu = new Mutex();
        WaitGroup producers = new WaitGroup(), consumers = new WaitGroup();
        for (int p = 0; p < 4; p++) {
            producers.add(1);
            Go.go(() -> {
                producer(work, 5_000);
                producers.done();
            });
        }
        for (int c = 0; c < 3; c++) {
            consumers.add(1);
            Go.go(() -> consumer(work, mu, consumers, ctx));
        }
        WaitGroup tick = new WaitGroup();
        tick.add(1);
        Go.go(() -> {
            ticker(quit, ctx);
            tick.done();
        });
        Go.go(() -> {
            Time.sleep(Duration.ofMillis(5));
            producers.await();
            work.close();
        });
        consumers.await();
        quit.send(true);
        tick.await();
        task.end();
    }

    private Path traced(String name, ThrowingBody body) throws Exception {
        Path file = dir.resolve(name + ".trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                body.run();
            } finally {
                Trace.stop();
            }
        }
        return file;
    }

    interface ThrowingBody {
        void run() throws Exception;
    }

    private String parse(Path trace) throws IOException, InterruptedException {
        String events = GoTool.run(null, "tool", "trace", "-d", trace.toString());
        assertTrue(events.contains("GoStart"), "no GoStart in the parsed trace");
        return events;
    }

    private String profile(Path trace, String kind) throws IOException, InterruptedException {
        Path pb = dir.resolve(trace.getFileName() + "." + kind + ".pb");
        GoTool.run(pb, "tool", "trace", "-pprof=" + kind, trace.toString());
        return GoTool.run(null, "tool", "pprof", "-top", pb.toString());
    }

    @Test
    void channelHeavyTraceParsesAndProfilesNameTheBlockers() throws Exception {
        GoTool.go();
        Path trace = traced("chan", TraceInteropTest::channelHeavy);
        String events = parse(trace);
        for (String ev : new String[] {"GoCreate", "GoBlockSend", "GoBlockRecv", "GoBlockSelect", "GoBlockSync", "GoUnblock",
                "ProcStart", "UserTaskCreate", "UserTaskEnd", "UserRegion", "UserLog"}) {
            assertTrue(events.contains(" " + ev + " "), () -> ev + " missing from go tool trace -d:\n" + head(events));
        }
        assertTrue(events.contains("name=channel-heavy") && events.contains("name=consume") && events.contains("category=tick"),
                () -> "user annotations missing:\n" + head(events));
        String sync = profile(trace, "sync");
        for (String fn : new String[] {"producer", "consumer", "ticker"}) {
            assertTrue(sync.contains("TraceInteropTest." + fn), () -> fn + " missing from the sync profile:\n" + sync);
        }
        String sched = profile(trace, "sched");
        assertTrue(sched.contains("TraceInteropTest."), () -> "no test function in the sched profile:\n" + sched);
    }

    /**
     * Taking a goroutine's stack while its virtual thread is unmounted but runnable makes the JDK
     * submit it a second time (VirtualThread.tryGetStackTrace: "resubmit as task may have run
     * while suspended"), so one wake-up can reach the scheduler twice and one queue entry can run
     * nothing. Goroutine profiles taken in a loop during the channel-heavy program make that
     * happen again and again; the trace must stay consistent.
     */
    @Test
    void goroutineProfilesDuringATraceKeepItConsistent() throws Exception {
        GoTool.go();
        AtomicBoolean done = new AtomicBoolean();
        Thread profiler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) GoRuntime.goroutineProfile();
        });
        Path trace;
        try {
            trace = traced("profiled", TraceInteropTest::channelHeavy);
        } finally {
            done.set(true);
            profiler.join(Goroutines.TIMEOUT.toMillis());
        }
        String events = parse(trace);
        assertTrue(events.contains(" GoUnblock ") && events.contains(" GoBlockRecv "), () -> head(events));
    }

    static void fanOut(int n) throws InterruptedException {
        Chan<Integer> results = new Chan<>();
        for (int i = 0; i < n; i++) {
            int v = i;
            Go.go(() -> results.send(v));
        }
        long sum = 0;
        for (int i = 0; i < n; i++) sum += results.recv();
        assertTrue(sum == (long) n * (n - 1) / 2);
    }

    @Test
    void tenThousandGoroutineFanOutParses() throws Exception {
        GoTool.go();
        Path trace = traced("fanout", () -> fanOut(10_000));
        String events = parse(trace);
        long creates = events.lines().filter(l -> l.contains(" GoCreate ")).count();
        assertTrue(creates >= 10_000, () -> "only " + creates + " GoCreate events");
        String sync = profile(trace, "sync");
        assertTrue(sync.contains("TraceInteropTest.fanOut"), () -> "fanOut missing from the sync profile:\n" + sync);
        profile(trace, "sched");
    }

    /**
     * A virtual thread that user code starts inside a goroutine runs on gort's carriers without
     * being a goroutine (it inherits the goroutine's scheduler). Each of its runs shows as a
     * goroutine of its own, created, started and ended, with an id no goroutine has: it used to
     * be goroutine 0 created again at every run, which Go's parser rejects.
     */
    @Test
    void virtualThreadsStartedInsideAGoroutineParse() throws Exception {
        GoTool.go();
        int sends = 50;
        Path trace = traced("foreign", () -> {
            Chan<Integer> ch = new Chan<>();
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(() -> {
                Thread vt = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < sends; i++) {
                        ch.send(i);
                        LockSupport.parkNanos(100_000);
                    }
                });
                try {
                    vt.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                wg.done();
            });
            Go.go(() -> {
                for (int i = 0; i < sends; i++) ch.recv();
                wg.done();
            });
            wg.await();
        });
        String events = parse(trace);
        long ends = events.lines().filter(l -> l.contains(" GoEnd ")).count();
        assertTrue(ends > sends, () -> "the virtual thread's runs did not end as goroutines (" + ends + " GoEnd):\n" + head(events));
    }

    @Test
    void flightRecorderWritesAParsableTraceOfTheRecentPast() throws Exception {
        GoTool.go();
        FlightRecorder fr = Trace.flightRecorder(Duration.ofSeconds(1), 1 << 20);
        fr.start();
        try {
            channelHeavy();
            assertTrue(Trace.isEnabled());
            Path file = dir.resolve("flight.trace");
            try (OutputStream out = Files.newOutputStream(file)) {
                assertTrue(fr.writeTo(out) > 16);
            }
            String events = parse(file);
            assertTrue(events.contains(" GoBlockRecv ") || events.contains(" GoBlockSend "), () -> head(events));
            fanOut(1_000); // recording goes on after a write
            Path again = dir.resolve("flight2.trace");
            try (OutputStream out = Files.newOutputStream(again)) {
                fr.writeTo(out);
            }
            assertTrue(parse(again).contains(" GoCreate "));
        } finally {
            fr.stop();
        }
        assertTrue(!Trace.isEnabled() && !fr.enabled());
    }

    /**
     * However long a flight recorder has been recording, the window it writes reaches back at
     * least minAge (Go's lower bound): here with a goroutine waking every 2 ms throughout,
     * writes half a second apart at a minAge of 50 ms.
     */
    @Test
    void flightRecorderWindowReachesBackMinAge() throws Exception {
        GoTool.go();
        Duration minAge = Duration.ofMillis(50);
        FlightRecorder fr = Trace.flightRecorder(minAge, 64 << 20);
        AtomicBoolean done = new AtomicBoolean();
        fr.start();
        try {
            Go.go(() -> {
                while (!done.get()) Time.sleep(Duration.ofMillis(2));
            });
            for (int round = 0; round < 6; round++) {
                Thread.sleep(500);
                Path file = dir.resolve("window" + round + ".trace");
                try (OutputStream out = Files.newOutputStream(file)) {
                    fr.writeTo(out);
                }
                String events = parse(file);
                long spanNanos = events.lines().mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).max().orElse(0);
                assertTrue(spanNanos >= minAge.toNanos(), "window " + round + " spans only " + spanNanos + " ns:\n" + head(events));
            }
        } finally {
            done.set(true);
            fr.stop();
        }
    }

    /**
     * Flight-recorder generations that begin and end in the middle of the channel-heavy program
     * (run again and again, with a write every 20 ms) each parse: goroutines met first in the
     * middle of a park/unpark, or while a rotation switches buffers one by one, are introduced
     * consistently (a carrier still writing a stop for the old generation once overwrote a
     * goroutine the new one had met, which then met it twice: about 1 run in 9 failed), and a
     * generation without a goroutine event is still a trace.
     */
    @Test
    void flightRecorderGenerationsCutMidProgramParse() throws Exception {
        GoTool.go();
        FlightRecorder fr = Trace.flightRecorder(Duration.ofMillis(1), 64 << 20);
        List<Path> files = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        fr.start();
        try {
            Thread program = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) channelHeavy();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            long deadline = System.nanoTime() + Goroutines.TIMEOUT.toNanos();
            while (GoRuntime.numGoroutine() < 5 && System.nanoTime() < deadline) Thread.sleep(1);
            for (int i = 0; i < 10; i++) {
                Thread.sleep(20);
                Path file = dir.resolve("cut" + i + ".trace");
                try (OutputStream out = Files.newOutputStream(file)) {
                    fr.writeTo(out);
                }
                files.add(file);
            }
            done.set(true);
            program.join(Goroutines.TIMEOUT.toMillis());
        } finally {
            done.set(true);
            fr.stop();
        }
        // Each parses; most show goroutines running (the first program may still be loading its classes).
        int running = 0;
        for (Path f : files) {
            if (GoTool.run(null, "tool", "trace", "-d", f.toString()).contains(" GoStart ")) running++;
        }
        assertTrue(running >= files.size() / 2, "only " + running + " of " + files.size() + " generations saw goroutines run");
    }

    /** A goroutine stuck in open(2) on a FIFO (native code pins its carrier) until a writer comes. */
    static void readFifo(Path fifo) throws IOException {
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            assertTrue(in.read() == 42);
        }
    }

    /**
     * Traces, at GOMAXPROCS=1, a goroutine stuck in open(2) on a FIFO until the test writes to it;
     * the goroutine then reads, calls {@code done} on the WaitGroup the test waits on, and runs
     * {@code tail}.
     */
    private Path syscallTrace(String name, Runnable tail) throws Exception {
        Path fifo = dir.resolve(name + ".fifo");
        assertTrue(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0);
        int procs = GoRuntime.gomaxprocs(1);
        try {
            return traced(name, () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    readFifo(fifo);
                    wg.done();
                    tail.run();
                });
                // At GOMAXPROCS=1 another goroutine runs only once sysmon has handed the stuck P's work to a helper.
                assertTrue(Go.go(() -> { }).join(Goroutines.TIMEOUT), "no syscall hand-off");
                try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                    out.write(42);
                }
                wg.await();
            });
        } finally {
            GoRuntime.gomaxprocs(procs);
        }
    }

    @Test
    void aCarrierStuckInNativeCodeShowsAsASyscall() throws Exception {
        GoTool.go();
        Path trace = syscallTrace("syscall", () -> { });
        String events = parse(trace);
        for (String ev : new String[] {" GoSysCall ", " GoSysBlock ", " GoSysExit "}) {
            assertTrue(events.contains(ev), () -> ev + " missing:\n" + head(events));
        }
        profile(trace, "syscall");
    }

    /**
     * gort sees a syscall end only at the goroutine's next event; one that still runs, out of
     * native code, when the trace stops (here: spinning until then) must show its exit all the same.
     */
    @Test
    void aSyscallOverWhenTheTraceStopsShowsItsExit() throws Exception {
        GoTool.go();
        CountDownLatch stopped = new CountDownLatch(1);
        Path trace = syscallTrace("syscall-tail", () -> {
            // Reads the clock (a native method: it would look like a syscall) once in a million spins.
            long deadline = System.nanoTime() + Goroutines.TIMEOUT.toNanos();
            for (int i = 1; stopped.getCount() > 0; i++) {
                if ((i & 0xFFFFF) == 0 && System.nanoTime() > deadline) break;
                Thread.onSpinWait();
            }
        });
        stopped.countDown();
        String events = parse(trace);
        assertTrue(events.contains(" GoSysCall ") && events.contains(" GoSysExit "), () -> "no syscall exit:\n" + head(events));
    }

    private static String head(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "\n..." : s;
    }
}
