package dev.gort.runtime.debug;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.gort.internal.env.Env;
import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.gc.HeapGoal;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.traceback.Traceback;
import dev.gort.runtime.GoRuntime;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Go's {@code runtime/debug} package. Each method names its Go original; where the JVM differs,
 * the difference is stated here and in docs/mapping.md ("runtime/debug").
 */
public final class Debug {
    private Debug() {}

    /** Go's default for SetMaxStack on 64-bit systems is 1 GB; gort reports the JVM's real limit instead. */
    private static long maxStack = Env.threadStackSize();
    private static final ThreadLocal<Boolean> PANIC_ON_FAULT = ThreadLocal.withInitial(() -> false);

    // ---------------------------------------------------------------- GC

    /**
     * Go's {@code debug.SetGCPercent}: sets GOGC (negative: off) and returns the previous setting.
     * It drives the knob the running collector honours (SoftMaxHeapSize on ZGC/Shenandoah,
     * Min/MaxHeapFreeRatio on G1/Serial); under {@code GODEBUG=gctrace=1} a {@code gort:} line names it.
     *
     * @param percent the new GOGC; negative turns collection pacing off
     * @return the previous setting
     */
    public static int setGCPercent(int percent) {
        GcEvents.ensureStarted();
        return HeapGoal.setGCPercent(percent);
    }

    /**
     * Go's {@code debug.SetMemoryLimit}: sets the soft memory limit in bytes (GOMEMLIMIT) and returns
     * the previous one; a negative value changes nothing and returns the current limit
     * ({@code Long.MAX_VALUE}: none). The limit applies to the Java heap (non-heap memory is not
     * counted) and is honoured by ZGC and Shenandoah through SoftMaxHeapSize; G1 cannot cap its
     * heap at run time (docs/mapping.md).
     *
     * @param limit the new limit in bytes; negative only reads it
     * @return the previous limit
     */
    public static long setMemoryLimit(long limit) {
        GcEvents.ensureStarted();
        return HeapGoal.setMemoryLimit(limit);
    }

    /**
     * Go's {@code debug.FreeOSMemory}: a full collection, then as much memory returned to the OS as
     * the collector allows: G1 and Serial shrink the heap to the live data (MinHeapFreeRatio and
     * MaxHeapFreeRatio are set to 0/1 meanwhile, then restored; Serial, which shrinks in steps,
     * is collected up to four times), Shenandoah uncommits its empty regions shortly after
     * the collection, and ZGC only after its own delay (ZUncommitDelay, 300 s by default, not
     * writable at run time).
     */
    public static void freeOSMemory() {
        GcEvents.ensureStarted();
        HeapGoal.freeOSMemory(GoRuntime::gc);
    }

    /**
     * Go's {@code debug.ReadGCStats}: fills {@code stats} with the collection history (at most the
     * last 256 pauses, most recent first) and the requested pause quantiles.
     *
     * @param stats filled in place
     */
    public static void readGCStats(GCStats stats) {
        GcEvents.ensureStarted();
        long n, total, last;
        long[] ns = new long[GcEvents.RING], end = new long[GcEvents.RING];
        synchronized (GcEvents.LOCK) {
            n = GcEvents.numGC();
            total = GcEvents.pauseTotalNs();
            last = GcEvents.lastGC();
            GcEvents.copyPauseNs(ns);
            GcEvents.copyPauseEnd(end);
        }
        int k = (int) Math.min(n, GcEvents.RING);
        Duration[] pause = new Duration[k];
        Instant[] pauseEnd = new Instant[k];
        for (int i = 0; i < k; i++) {
            int j = (int) ((n - 1 - i) % GcEvents.RING);
            pause[i] = Duration.ofNanos(ns[j]);
            pauseEnd[i] = instant(end[j]);
        }
        stats.numGC = n;
        stats.pauseTotal = Duration.ofNanos(total);
        stats.lastGC = last == 0 ? null : instant(last);
        stats.pause = List.of(pause);
        stats.pauseEnd = List.of(pauseEnd);
        quantiles(pause, stats.pauseQuantiles);
    }

    /** Go's quantiles: q[0] the minimum, q[i] = sorted[len·i/(nq−1)], q[nq−1] the maximum; zeros when there is no pause. */
    static void quantiles(Duration[] pauses, Duration[] q) {
        if (q.length == 0) return;
        if (pauses.length == 0) {
            Arrays.fill(q, Duration.ZERO);
            return;
        }
        Duration[] sorted = pauses.clone();
        Arrays.sort(sorted);
        int nq = q.length - 1;
        for (int i = 0; i < nq; i++) q[i] = sorted[sorted.length * i / nq];
        q[nq] = sorted[sorted.length - 1];
    }

    private static Instant instant(long epochNs) {
        return Instant.ofEpochSecond(0, epochNs);
    }

    /**
     * Go's {@code debug.WriteHeapDump}: writes a heap dump of the live objects to {@code path}
     * (created or replaced, mode 0600). The format is HotSpot's HPROF, not Go's heap dump format;
     * it opens in JDK tools (jhat successors, Eclipse MAT, VisualVM). Go takes a file descriptor.
     *
     * @param path the file to write
     */
    public static void writeHeapDump(Path path) {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Path abs = path.toAbsolutePath();
        // HotSpot insists on a new file ending in .hprof: dump next to the target, then move it into place.
        Path tmp = abs.resolveSibling(abs.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".hprof");
        try {
            hs.dumpHeap(tmp.toString(), true);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the platform's default protection applies (docs/mapping.md)
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the dump itself already failed or moved
            }
        }
    }

    // ---------------------------------------------------------------- threads and stacks

    /**
     * Go's {@code debug.SetMaxThreads}: limits gort's OS threads (scheduler carriers, threads of
     * goroutines locked by LockOSThread, and sysmon) and returns the previous limit (Go's default
     * 10000). Starting one more thread than allowed — or setting a limit below the current count —
     * ends the program as Go does: {@code runtime: program exceeds N-thread limit} and
     * {@code fatal error: thread exhaustion}. JDK-internal threads are not counted.
     *
     * @param threads the new limit
     * @return the previous limit
     */
    public static int setMaxThreads(int threads) {
        return Sched.setMaxThreads(threads);
    }

    /**
     * Go's {@code debug.SetMaxStack}: records the limit and returns the previous one. The JVM cannot
     * change a thread's stack size after it started: a goroutine's frames run on its carrier's stack,
     * whose size is the JVM's thread stack size ({@code -Xss}/{@code -XX:ThreadStackSize}), and
     * overflowing it is {@code fatal error: stack overflow}. The first value returned is that real
     * limit (not Go's 1 GB); values set later are reported back but not enforced.
     *
     * @param bytes the new limit
     * @return the previous limit
     */
    public static synchronized int setMaxStack(int bytes) {
        long old = maxStack;
        maxStack = bytes;
        return (int) Math.min(old, Integer.MAX_VALUE);
    }

    /**
     * Go's {@code debug.SetTraceback}: raises how much a fatal panic prints ({@code none},
     * {@code single}, {@code all}, {@code system}, {@code crash}); it cannot go below GOTRACEBACK.
     *
     * @param level {@code none}, {@code single}, {@code all}, {@code system} or {@code crash}
     */
    public static void setTraceback(String level) {
        Env.setTraceback(level);
    }

    /**
     * Go's {@code debug.SetPanicOnFault}: sets the calling goroutine's flag and returns the previous
     * one. On the JVM every memory fault is already a panic ({@code NullPointerException} becomes
     * {@code invalid memory address or nil pointer dereference}, recoverable), and faults at other
     * addresses cannot happen: the flag is kept per goroutine but changes nothing.
     *
     * @param enabled the new setting
     * @return the previous setting
     */
    public static boolean setPanicOnFault(boolean enabled) {
        boolean old = PANIC_ON_FAULT.get();
        PANIC_ON_FAULT.set(enabled);
        return old;
    }

    /**
     * Go's {@code debug.Stack}: the calling goroutine's traceback in Go's format
     * ({@code goroutine N [running]:} and its frames, this method's own first, as Go's).
     *
     * @return the traceback text
     */
    public static String stack() {
        return Traceback.stack(false);
    }

    /** Go's {@code debug.PrintStack}: {@link #stack()} to standard error. */
    public static void printStack() {
        System.err.print(stack());
    }

    // ---------------------------------------------------------------- build info

    /**
     * Go's {@code debug.ReadBuildInfo}: the main module (the jar or class directory holding the main
     * class, named by its Maven {@code pom.properties} or manifest), every other jar on the class and
     * module path that carries a name and version, and the build settings. Empty when the main class
     * cannot be found (Go: a binary built without module support).
     *
     * @return the build information, or empty without a main class
     */
    public static Optional<BuildInfo> readBuildInfo() {
        String command = System.getProperty("sun.java.command", "").split(" ")[0];
        if (command.isEmpty()) return Optional.empty();
        Path mainLocation;
        String path;
        if (command.endsWith(".jar")) {
            mainLocation = Path.of(command).toAbsolutePath();
            path = manifestMainClassPackage(mainLocation);
        } else {
            String cls = command.contains("/") ? command.substring(command.indexOf('/') + 1) : command;
            URL res = ClassLoader.getSystemClassLoader().getResource(cls.replace('.', '/') + ".class");
            if (res == null) return Optional.empty();
            mainLocation = codeLocation(res, cls);
            path = cls.lastIndexOf('.') > 0 ? cls.substring(0, cls.lastIndexOf('.')) : "main";
        }
        BuildInfo.Module main = module(mainLocation);
        if (main == null) main = new BuildInfo.Module(path, "(devel)", "", null);
        List<BuildInfo.Module> deps = new ArrayList<>();
        for (String prop : new String[] {"java.class.path", "jdk.module.path"}) {
            for (String e : System.getProperty(prop, "").split(File.pathSeparator)) {
                if (e.isEmpty()) continue;
                Path p = Path.of(e).toAbsolutePath();
                if (p.equals(mainLocation)) continue;
                BuildInfo.Module m = module(p);
                if (m != null) deps.add(m);
            }
        }
        List<BuildInfo.BuildSetting> settings = List.of(
                new BuildInfo.BuildSetting("-compiler", GoRuntime.COMPILER),
                new BuildInfo.BuildSetting("GOARCH", GoRuntime.GOARCH),
                new BuildInfo.BuildSetting("GOOS", GoRuntime.GOOS),
                new BuildInfo.BuildSetting("java.version", System.getProperty("java.version")));
        return Optional.of(new BuildInfo(GoRuntime.version(), path, main, List.copyOf(deps), settings));
    }

    /** The jar or class directory a class resource was loaded from. */
    private static Path codeLocation(URL res, String cls) {
        String s = res.toString();
        if (s.startsWith("jar:file:")) return Path.of(URI.create(s.substring(4, s.indexOf("!/")))).toAbsolutePath();
        Path p = Path.of(URI.create(s));
        for (int i = 0; i < cls.split("\\.").length; i++) p = p.getParent();
        return p.toAbsolutePath();
    }

    private static String manifestMainClassPackage(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            String main = mf == null ? null : mf.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return main != null && main.lastIndexOf('.') > 0 ? main.substring(0, main.lastIndexOf('.')) : "main";
        } catch (IOException e) {
            return "main";
        }
    }

    /** A module from Maven's pom.properties (jar, or target/maven-archiver next to a class directory), else the manifest; null if unnamed. */
    private static BuildInfo.Module module(Path p) {
        try {
            if (Files.isDirectory(p)) {
                Path archiver = p.resolveSibling("maven-archiver").resolve("pom.properties");
                return Files.isRegularFile(archiver) ? fromPom(Files.newInputStream(archiver)) : null;
            }
            if (!Files.isRegularFile(p)) return null;
            try (JarFile jf = new JarFile(p.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jf.stream()::iterator) {
                    String n = e.getName();
                    if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) return fromPom(jf.getInputStream(e));
                }
                Manifest mf = jf.getManifest();
                if (mf == null) return null;
                Attributes a = mf.getMainAttributes();
                String title = first(a, "Implementation-Title", "Bundle-SymbolicName", "Automatic-Module-Name");
                String version = first(a, "Implementation-Version", "Bundle-Version");
                return title == null ? null : new BuildInfo.Module(title, version == null ? "(devel)" : version, "", null);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static BuildInfo.Module fromPom(InputStream in) throws IOException {
        Properties pp = new Properties();
        try (in) {
            pp.load(in);
        }
        return new BuildInfo.Module(pp.getProperty("groupId") + ":" + pp.getProperty("artifactId"),
                pp.getProperty("version", "(devel)"), "", null);
    }

    private static String first(Attributes a, String... names) {
        for (String n : names) {
            String v = a.getValue(n);
            if (v != null && !v.isEmpty()) return v;
        }
        return null;
    }

}
