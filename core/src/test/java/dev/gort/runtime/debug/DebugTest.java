package dev.gort.runtime.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.gort.Go;
import dev.gort.internal.env.Env;
import dev.gort.runtime.GoRuntime;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runtime/debug on the JVM (docs/mapping.md "runtime/debug"). */
class DebugTest {
    static final HotSpotDiagnosticMXBean HOTSPOT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void readGCStatsListsPausesMostRecentFirstWithQuantiles() {
        for (int i = 0; i < 3; i++) GoRuntime.gc();
        GCStats s = new GCStats(5);
        Debug.readGCStats(s);
        assertTrue(s.numGC() >= 3);
        assertEquals(Math.min(s.numGC(), 256), s.pause().size());
        assertEquals(s.pause().size(), s.pauseEnd().size());
        assertEquals(s.lastGC(), s.pauseEnd().getFirst());
        for (int i = 1; i < s.pauseEnd().size(); i++) {
            assertTrue(!s.pauseEnd().get(i).isAfter(s.pauseEnd().get(i - 1)), "most recent first");
        }
        Duration[] q = s.pauseQuantiles();
        assertEquals(s.pause().stream().min(Duration::compareTo).orElseThrow(), q[0]);
        assertEquals(s.pause().stream().max(Duration::compareTo).orElseThrow(), q[4]);
        for (int i = 1; i < q.length; i++) assertTrue(q[i].compareTo(q[i - 1]) >= 0);
        Duration total = Duration.ZERO;
        for (Duration d : s.pause()) total = total.plus(d);
        assertTrue(s.pauseTotal().compareTo(total) >= 0);
    }

    @Test
    void quantilesFollowGo() {
        Duration[] p = new Duration[10];
        for (int i = 0; i < 10; i++) p[i] = Duration.ofMillis(10 - i);
        Duration[] q = new Duration[5];
        Debug.quantiles(p, q);
        // sorted 1..10 ms; q[i] = sorted[10*i/4]: 0, 2, 5, 7, then the maximum.
        assertArrayEquals(new Duration[] {Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(6), Duration.ofMillis(8),
            Duration.ofMillis(10)}, q);
        Duration[] empty = {Duration.ofMillis(9)};
        Debug.quantiles(new Duration[0], empty);
        assertEquals(Duration.ZERO, empty[0]);
    }

    @Test
    void setGCPercentDrivesG1FreeRatiosAndReturnsThePrevious() {
        int initialMax = Integer.parseInt(HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue());
        int before = Debug.setGCPercent(50);
        try {
            assertEquals(33, Integer.parseInt(HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue()), "GOGC=50: a third free");
            assertEquals(50, Debug.setGCPercent(-1));
            assertEquals(100, Integer.parseInt(HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue()), "GOGC=off: never shrink");
        } finally {
            Debug.setGCPercent(before);
        }
        assertEquals(100, before);
        assertEquals(initialMax, Integer.parseInt(HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue()), "GOGC=100 restores the JVM's");
    }

    @Test
    void setMemoryLimitReturnsThePreviousAndNegativeOnlyReads() {
        assertEquals(Long.MAX_VALUE, Debug.setMemoryLimit(-1));
        assertEquals(Long.MAX_VALUE, Debug.setMemoryLimit(1L << 40));
        try {
            assertEquals(1L << 40, Debug.setMemoryLimit(-1));
            assertEquals("1000", HOTSPOT.getVMOption("G1PeriodicGCInterval").getValue());
        } finally {
            Debug.setMemoryLimit(Long.MAX_VALUE);
        }
        assertEquals("0", HOTSPOT.getVMOption("G1PeriodicGCInterval").getValue());
    }

    static volatile Object sink;

    @Test
    void freeOSMemoryShrinksTheG1Heap() {
        List<byte[]> big = new ArrayList<>();
        for (int i = 0; i < 256; i++) big.add(new byte[1 << 20]);
        sink = big;
        long committedBefore = Runtime.getRuntime().totalMemory();
        String min = HOTSPOT.getVMOption("MinHeapFreeRatio").getValue(), max = HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue();
        sink = null;
        big = null;
        Debug.freeOSMemory();
        long committedAfter = Runtime.getRuntime().totalMemory();
        assertTrue(committedAfter < committedBefore - (128L << 20), () -> committedBefore + " -> " + committedAfter);
        assertEquals(min, HOTSPOT.getVMOption("MinHeapFreeRatio").getValue(), "ratios restored");
        assertEquals(max, HOTSPOT.getVMOption("MaxHeapFreeRatio").getValue(), "ratios restored");
    }

    /**
     * Frees 256 MB, calls freeOSMemory once, then prints the committed heap (MB) before the call
     * and once it is below half of that (Shenandoah's control thread uncommits after the
     * collection has returned), or after 20 s.
     */
    public static final class FreeOSMemoryProgram {
        public static void main(String[] args) throws InterruptedException {
            List<byte[]> big = new ArrayList<>();
            for (int i = 0; i < 256; i++) big.add(new byte[1 << 20]);
            sink = big;
            long before = Runtime.getRuntime().totalMemory() >> 20;
            sink = null;
            big = null;
            Debug.freeOSMemory();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((Runtime.getRuntime().totalMemory() >> 20) >= before / 2 && System.nanoTime() < deadline) Thread.sleep(10);
            System.out.println(before + " " + (Runtime.getRuntime().totalMemory() >> 20));
        }
    }

    /**
     * Serial shrinks its heap in steps (one full collection gives back nothing), Shenandoah
     * shortly after an explicit collection: after a single freeOSMemory call each has less than
     * half the heap it had committed. (ZGC returns memory only after its own delay: docs/mapping.md.)
     */
    @Test
    void freeOSMemoryShrinksTheSerialAndShenandoahHeaps() {
        for (String gc : List.of("-XX:+UseSerialGC", "-XX:+UseShenandoahGC")) {
            Result r = GoProcess.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", gc, "-Xms8m", "-Xmx1g"),
                    FreeOSMemoryProgram.class, Map.of());
            assertEquals(0, r.exitCode(), r::toString);
            String[] mb = r.stdout().strip().split(" ");
            long before = Long.parseLong(mb[0]), after = Long.parseLong(mb[1]);
            assertTrue(before >= 256 && after < before / 2, () -> gc + ": committed " + before + " MB -> " + after + " MB");
        }
    }

    @Test
    void writeHeapDumpWritesHprofWithMode0600(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("heap.dump");
        Files.writeString(f, "old contents are replaced");
        Debug.writeHeapDump(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (InputStream in = Files.newInputStream(f)) {
            assertEquals("JAVA PROFILE 1.0.2", new String(in.readNBytes(18), StandardCharsets.US_ASCII));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void setMaxStackReportsTheRealLimitFirst() {
        long xss = Long.parseLong(HOTSPOT.getVMOption("ThreadStackSize").getValue()) * 1024;
        int first = Debug.setMaxStack(1 << 20);
        try {
            assertEquals(xss, first, "the JVM's thread stack size");
            assertEquals(1 << 20, Debug.setMaxStack(2 << 20));
        } finally {
            Debug.setMaxStack(first);
        }
    }

    @Test
    void setTracebackRaisesTheLevel() {
        Env.Traceback before = Env.traceback();
        try {
            Debug.setTraceback("all");
            assertEquals(Env.Traceback.ALL, Env.traceback());
        } finally {
            Debug.setTraceback(before.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void setPanicOnFaultIsPerGoroutine() throws InterruptedException {
        assertEquals(false, Debug.setPanicOnFault(true));
        try {
            assertEquals(true, Debug.setPanicOnFault(true));
            boolean[] inOther = new boolean[1];
            Go.go(() -> inOther[0] = Debug.setPanicOnFault(false)).join();
            assertEquals(false, inOther[0], "another goroutine has its own flag");
        } finally {
            Debug.setPanicOnFault(false);
        }
    }

    @Test
    void stackIsTheCallingGoroutinesTraceback() throws InterruptedException {
        String[] s = new String[1];
        dev.gort.Goroutine g = Go.go(() -> s[0] = Debug.stack());
        g.join();
        assertTrue(s[0].startsWith("goroutine " + g.id() + " [running]:\n"), s[0]);
        assertTrue(s[0].contains("DebugTest"), s[0]);
    }

    // ---------------------------------------------------------------- in their own JVM

    /** Ten goroutines each lock a thread, with the limit at five threads. */
    static final class TooManyThreads {
        public static void main(String[] args) {
            Go.main(args, () -> {
                System.out.println(Debug.setMaxThreads(5));
                CountDownLatch never = new CountDownLatch(1);
                for (int i = 0; i < 10; i++) {
                    Go.go(() -> {
                        GoRuntime.lockOSThread();
                        never.await();
                    });
                }
                never.await();
            });
        }
    }

    @Test
    void exceedingMaxThreadsIsThreadExhaustion() {
        Result r = GoProcess.run(TooManyThreads.class, Map.of("GOMAXPROCS", "1"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("10000\n", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("runtime: program exceeds 5-thread limit\nfatal error: thread exhaustion\n"), r::toString);
    }

    static final class PrintsBuildInfo {
        public static void main(String[] args) {
            Go.main(args, () -> {
                System.out.print(Debug.readBuildInfo().orElseThrow());
                Debug.printStack();
            });
        }
    }

    @Test
    void readBuildInfoNamesTheMainModuleAndMavenDependencies(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("dep.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/maven/dev.example/dep/pom.properties"));
            out.write("groupId=dev.example\nartifactId=dep\nversion=1.2.3\n".getBytes(StandardCharsets.UTF_8));
        }
        // On the module path (an automatic module): GoProcess fixes the class path.
        List<String> jvm = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--module-path", jar.toString(), "--add-modules", "dep");
        Result r = GoProcess.run(jvm, PrintsBuildInfo.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("go\t" + GoRuntime.version(), lines.get(0));
        assertEquals("path\tdev.gort.runtime.debug", lines.get(1));
        assertTrue(lines.get(2).startsWith("mod\t"), r::toString);
        assertTrue(lines.contains("dep\tdev.example:dep\t1.2.3\t"), r::toString);
        assertTrue(lines.contains("build\t-compiler=gort"), r::toString);
        assertTrue(lines.contains("build\tGOOS=" + GoRuntime.GOOS), r::toString);
        assertTrue(r.stderr().startsWith("goroutine 1 [running]:\n"), r::toString);
    }

}
