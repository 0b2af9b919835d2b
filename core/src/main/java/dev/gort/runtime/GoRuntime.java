package dev.gort.runtime;

import dev.gort.Go;
import dev.gort.internal.env.Env;
import dev.gort.internal.gc.GcEvents;
import dev.gort.internal.gc.HeapGoal;
import dev.gort.internal.panics.Crash;
import dev.gort.internal.panics.GoexitSignal;
import dev.gort.internal.prof.BlockProf;
import dev.gort.internal.prof.CpuProf;
import dev.gort.internal.prof.GoroutineProf;
import dev.gort.internal.prof.MemProf;
import dev.gort.internal.prof.ThreadCreateProf;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import dev.gort.internal.traceback.Traceback;
import dev.gort.internal.tracer.Tracer;
import dev.gort.runtime.cgo.Cgo;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Go's {@code runtime} package: its functions and constants (the seed documentation), with
 * Java names (docs/mapping.md).
 */
public final class GoRuntime {
    private GoRuntime() {}

    /** Go's {@code runtime.GOOS}: the operating system, in Go's spelling ({@code linux}, {@code darwin}, {@code windows}). */
    public static final String GOOS = goos(System.getProperty("os.name", ""));
    /** Go's {@code runtime.GOARCH}: the architecture, in Go's spelling ({@code amd64}, {@code arm64}). */
    public static final String GOARCH = goarch(System.getProperty("os.arch", ""));
    /** Go's {@code runtime.Compiler}: {@code gort} (Go's are {@code gc} and {@code gccgo}). */
    public static final String COMPILER = "gort";

    private static final String VERSION = "0.1.0";

    /**
     * Go's {@code runtime.GOMAXPROCS(n)}: sets how many goroutines may run Java code at once when
     * n &gt; 0, live, and returns the previous setting.
     *
     * @param n the new number of P's; 0 or less only reads the setting
     * @return the previous setting
     */
    public static int gomaxprocs(int n) {
        return Sched.gomaxprocs(n);
    }

    /** {@return Go's {@code runtime.NumCPU}: processors usable by this process} */
    public static int numCPU() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@return Go's {@code runtime.NumGoroutine}: goroutines that exist now (the runtime's own excluded)} */
    public static int numGoroutine() {
        return Sched.numGoroutine();
    }

    /**
     * Go's {@code runtime.NumCgoCall}: calls into C made through {@link Cgo}'s counted downcall
     * handles (the JVM's cgo is the Foreign Function &amp; Memory API); JNI calls and handles made
     * with {@code Linker} directly are not counted.
     *
     * @return the number of counted calls so far
     */
    public static long numCgoCall() {
        return Cgo.calls();
    }

    /**
     * Go's {@code runtime.SetCgoTraceback}: Go calls the given C functions to add C frames to
     * tracebacks. The JVM's stack walker cannot call a C unwinder, so gort cannot show C frames:
     * after Go's version check ({@code unsupported version} panic for a version other than 0)
     * this throws {@link UnsupportedOperationException}, rather than accept functions it would
     * never call.
     *
     * @param version the traceback interface's version; only 0 exists
     * @param traceback the C traceback function
     * @param context the C context function
     * @param symbolizer the C symbolizer function
     */
    public static void setCgoTraceback(int version, MemorySegment traceback, MemorySegment context,
            MemorySegment symbolizer) {
        if (version != 0) throw Go.panic("unsupported version");
        throw new UnsupportedOperationException("gort: SetCgoTraceback: the JVM's stack walker cannot"
                + " call C traceback functions; C frames never appear in gort's tracebacks (docs/mapping.md)");
    }

    /**
     * Go's {@code runtime.MemProfileRate} (read): the heap profile samples on average one
     * allocation per this many bytes; 0 means off. Go's default 512 KiB, or
     * {@code GODEBUG=memprofilerate=X} at start.
     *
     * @return the sampling rate in bytes; 0 when off
     */
    public static int memProfileRate() {
        return Env.memProfileRate();
    }

    /**
     * Go's {@code runtime.MemProfileRate = rate} (write): as in Go, set it once, as early as
     * possible (profile tools assume one rate for the whole run); 0 turns heap profiling off.
     * Smaller rates sample more, down to what JFR's allocation sampler delivers, so 1 is not
     * exhaustive here (docs/mapping.md, "Profiling").
     *
     * @param rate the new sampling rate in bytes; 0 turns heap profiling off
     */
    public static void setMemProfileRate(int rate) {
        MemProf.setRate(rate);
    }

    /**
     * Go's {@code runtime.Breakpoint}: a breakpoint trap. Under a debugger (a JDWP agent in the
     * JVM's arguments) it throws and catches a {@link BreakpointTrap}, which an exception
     * breakpoint on that class stops at, and returns. Without one, as a Go program without a
     * debugger dies of SIGTRAP, the program ends: {@code SIGTRAP: trace trap}, {@code PC=… m=…
     * sigcode=128}, every goroutine's traceback (unless GOTRACEBACK=none), exit status 2.
     */
    public static void breakpoint() {
        if (Debugger.ATTACHED) {
            try {
                throw new BreakpointTrap();
            } catch (BreakpointTrap trap) {
                return; // the debugger has stopped on the throw
            }
        }
        Crash.fatalSignal(String.format("SIGTRAP: trace trap%nPC=%#x m=%d sigcode=128%n",
                SymTab.callerPc(1), Sched.currentM()));
    }

    /** Whether a JDWP agent (the JVM's debugger interface) was loaded at start; read on first breakpoint. */
    private static final class Debugger {
        static final boolean ATTACHED = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp") || a.contains("libjdwp"));
    }

    /** Go's {@code runtime.Gosched}: yields the processor; the goroutine stays runnable. */
    public static void gosched() {
        Sched.gosched();
    }

    /**
     * Go's {@code runtime.Goexit}: ends the calling goroutine after running all its deferred
     * calls. Not recoverable. From the main goroutine, the program goes on until the other
     * goroutines end, then fails with {@code fatal error: no goroutines (main called runtime.Goexit) - deadlock!}.
     */
    public static void goexit() {
        throw GoexitSignal.INSTANCE;
    }

    /**
     * Where an unrecovered panic goes outside {@code Go.main} (library mode, where the host owns the
     * process); Go has no counterpart, since a Go program always dies of one. Go's report is printed
     * on stderr first, then {@code handler} runs on the goroutine that panicked, which then ends;
     * the process goes on. With no handler (the default, or {@code null}) the process exits with
     * status 2 through {@code System.exit}, so shutdown hooks run, and is halted if they take more
     * than 5 seconds. Under {@code Go.main} the handler is not consulted: Go's process semantics
     * hold. Fatal errors (Go's {@code throw}, such as {@code sync: unlock of unlocked mutex}) end the
     * process in both modes.
     *
     * @param handler receives each unrecovered panic; {@code null} restores the default
     * @return the handler set before, or {@code null} for the default
     */
    public static Consumer<? super UnrecoveredPanic> setPanicHandler(Consumer<? super UnrecoveredPanic> handler) {
        return Crash.setPanicHandler(handler);
    }

    /**
     * Go's {@code runtime.GC}: runs a full collection ({@code System.gc()}) and returns once the JVM
     * has reported it, so {@link MemStats#numGC()} and {@link MemStats#numForcedGC()} count it. With
     * {@code -XX:+DisableExplicitGC} (or Epsilon) the JVM ignores the request and this returns at once.
     */
    public static void gc() {
        GcEvents.forceGC();
    }

    /**
     * Go's {@code runtime.ReadMemStats(&m)}: fills {@code m} with the memory statistics as of now,
     * overwriting every field in place; allocates nothing. Sources: docs/mapping.md ("MemStats").
     * The first call starts listening for GC notifications; collections before it are not counted.
     *
     * @param m the statistics to overwrite
     */
    public static void readMemStats(MemStats m) {
        GcEvents.ensureStarted();
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        long total = GcEvents.allocatedBytes();
        long used = committed - rt.freeMemory();
        m.totalAlloc = total;
        m.heapSys = committed;
        m.nextGC = HeapGoal.nextGC();
        m.gcCPUFraction = GcEvents.gcCpuFraction();
        synchronized (GcEvents.LOCK) {
            used = GcEvents.heapAlloc(total, used);
            m.otherSys = GcEvents.nonHeapCommitted();
            m.numGC = GcEvents.numGC();
            m.numForcedGC = GcEvents.numForcedGC();
            m.pauseTotalNs = GcEvents.pauseTotalNs();
            m.lastGC = GcEvents.lastGC();
            GcEvents.copyPauseNs(m.pauseNs);
            GcEvents.copyPauseEnd(m.pauseEnd);
        }
        m.alloc = used;
        m.heapInuse = used;
        m.heapIdle = committed - used;
        m.sys = m.heapSys + m.otherSys;
    }

    /** {@return Go's {@code runtime.ReadMemStats} into a new {@link MemStats}} */
    public static MemStats readMemStats() {
        MemStats m = new MemStats();
        readMemStats(m);
        return m;
    }

    /**
     * Go's {@code runtime.SetFinalizer(obj, f)}: runs {@code finalizer} on the single finalizer
     * goroutine (wait reason {@code finalizer wait} while idle) once {@code obj} is unreachable;
     * {@code setFinalizer(obj, null)} clears it. Unlike Go, the finalizer cannot receive obj (the JVM
     * cannot resurrect an object) and must not capture it, or obj never becomes unreachable.
     * As in Go, a null obj or a second finalizer for the same object is a fatal error, and a
     * finalizer that panics ends the program.
     *
     * @param obj the object whose unreachability runs the finalizer
     * @param finalizer what runs, on the finalizer goroutine; null removes the one set
     */
    public static void setFinalizer(Object obj, Runnable finalizer) {
        Finalizers.set(obj, finalizer);
    }

    /**
     * Go's {@code runtime.KeepAlive(x)}: {@code x} stays reachable (its finalizer cannot run) at least
     * until this call: {@link Reference#reachabilityFence}. Call it unconditionally.
     *
     * @param x the object kept reachable
     */
    public static void keepAlive(Object x) {
        Reference.reachabilityFence(x);
    }

    /** Go's {@code runtime.LockOSThread}: wires the calling goroutine to its own OS thread; nests. */
    public static void lockOSThread() {
        Sched.lockOSThread();
    }

    /** Go's {@code runtime.UnlockOSThread}: undoes one lockOSThread. */
    public static void unlockOSThread() {
        Sched.unlockOSThread();
    }

    /** {@return Go's {@code runtime.Version}: gort's version and the JVM's, e.g. {@code gort0.1.0 java25.0.3+9-LTS}} */
    public static String version() {
        return "gort" + VERSION + " java" + Runtime.version();
    }

    /** {@return Go's {@code runtime.GOROOT}: $GOROOT if set, else the running JDK's home (the runtime's root)} */
    public static String goroot() {
        String env = System.getenv("GOROOT");
        return env != null && !env.isEmpty() ? env : System.getProperty("java.home");
    }

    // ---------------------------------------------------------------- block and mutex profiles

    /**
     * Go's {@code runtime.SetBlockProfileRate}: on average one blocking event per {@code rate}
     * nanoseconds spent blocked is recorded in the block profile (events at least that long
     * always); 1 records every event, 0 or less turns it off. Blocking in gort's sync primitives
     * is recorded (docs/mapping.md).
     *
     * @param rate nanoseconds blocked per sampled event: 1 records every event, 0 or less none
     */
    public static void setBlockProfileRate(int rate) {
        BlockProf.setBlockProfileRate(rate);
    }

    /**
     * Go's {@code runtime.SetMutexProfileFraction}: on average 1/rate contention events are
     * recorded in the mutex profile; 0 turns it off; a negative rate only reads the setting.
     * Returns the previous setting.
     *
     * @param rate 1 in rate contention events is recorded; 0 turns it off; negative only reads
     * @return the previous setting
     */
    public static int setMutexProfileFraction(int rate) {
        return BlockProf.setMutexProfileFraction(rate);
    }

    /**
     * Go's {@code runtime.BlockProfile}: the block profile's records, one per call stack. Cycles
     * are nanoseconds ({@link BlockProfileRecord}).
     *
     * @return the records, one per call stack
     */
    public static java.util.List<BlockProfileRecord> blockProfile() {
        return BlockProf.blockProfile();
    }

    /**
     * Go's {@code runtime.MutexProfile}: the mutex profile's records, one per stack that released
     * a contended lock. Counts are the events sampled (unscaled, as Go's).
     *
     * @return the records, one per call stack
     */
    public static java.util.List<BlockProfileRecord> mutexProfile() {
        return BlockProf.mutexProfile();
    }

    // ---------------------------------------------------------------- execution tracer

    /**
     * Go's {@code runtime.StartTrace}: starts recording an execution trace in Go 1.19's format,
     * read with {@link #readTrace}. Throws {@link IllegalStateException} with Go's text
     * {@code tracing is already enabled} while a trace (or flight recorder) is recording or a
     * stopped trace has not been read to its end.
     */
    public static void startTrace() {
        Tracer.startTrace();
    }

    /**
     * Go's {@code runtime.ReadTrace}: the next chunk of trace data, blocking until there is one;
     * null once the trace has been stopped and everything read. One reader at a time: a second
     * concurrent call prints Go's complaint and returns null.
     *
     * @return the next chunk, or null when the trace is over
     */
    public static byte[] readTrace() {
        return Tracer.readTrace();
    }

    /**
     * Go's {@code runtime.StopTrace}: stops tracing and returns after the reader has read all the
     * data (so, as in Go, only while someone reads). Stopping when not tracing does nothing.
     */
    public static void stopTrace() {
        Tracer.stopTrace(true);
    }

    // ---------------------------------------------------------------- CPU, memory, goroutine profiles

    /**
     * Go's {@code runtime.SetCPUProfileRate}: the sampling rate, in samples per CPU-second, of the
     * next CPU profile ({@code Pprof.startCPUProfile}; 100 when not set). While a profile runs, Go's
     * refusal is printed to standard error and the rate is unchanged. JFR's sampler honours rates up
     * to 1000 Hz (a period of whole milliseconds; docs/mapping.md).
     *
     * @param hz samples per second; 0 or less turns CPU profiling off
     */
    public static void setCPUProfileRate(int hz) {
        CpuProf.setRate(hz);
    }

    /**
     * Go's {@code runtime.CPUProfile}: removed from Go, it panics with Go's text; use
     * {@code dev.gort.runtime.pprof.Pprof.startCPUProfile}.
     *
     * @return the profile's bytes
     */
    public static byte[] cpuProfile() {
        throw dev.gort.Go.panic("CPUProfile no longer available");
    }

    /**
     * Go's {@code runtime.MemProfile}: one record per allocating stack; with {@code inuseZero}
     * false, only stacks with memory still in use. Starts allocation sampling on first use.
     *
     * @param inuseZero whether stacks whose memory is all freed are included
     * @return the records, one per allocation stack
     */
    public static java.util.List<MemProfileRecord> memProfile(boolean inuseZero) {
        MemProf.ensureStarted();
        java.util.List<MemProfileRecord> out = new java.util.ArrayList<>();
        for (MemProf.Bucket b : MemProf.buckets()) {
            long allocBytes = Math.max(b.allocBytes(), b.inuseBytes());
            long allocObjects = Math.max(b.allocObjects(), b.inuseObjects());
            MemProfileRecord r = new MemProfileRecord(allocBytes, allocBytes - b.inuseBytes(),
                    allocObjects, allocObjects - b.inuseObjects(), b.pcs());
            if (inuseZero || r.inUseBytes() != 0) out.add(r);
        }
        return out;
    }

    /** {@return Go's {@code runtime.GoroutineProfile}: one record per live goroutine (the runtime's own excluded)} */
    public static java.util.List<StackRecord> goroutineProfile() {
        return GoroutineProf.entries().stream().map(e -> new StackRecord(e.pcs())).toList();
    }

    /** {@return Go's {@code runtime.ThreadCreateProfile}: one record per OS thread gort created (carriers and locked threads)} */
    public static java.util.List<StackRecord> threadCreateProfile() {
        return ThreadCreateProf.stacks().stream().map(StackRecord::new).toList();
    }

    // ---------------------------------------------------------------- stacks and symbols

    /**
     * Go's {@code runtime.Caller}: the PC, file and line of a frame of the calling goroutine's stack,
     * {@code skip} frames up, with 0 the caller of {@code caller} itself; empty past the end of the
     * stack (Go's {@code ok == false}). PCs are gort's symbolic PCs (docs/mapping.md).
     *
     * @param skip frames to go up: 0 is the caller of {@code caller}
     * @return the caller's PC, file and line, or empty past the end of the stack
     */
    public static Optional<Caller> caller(int skip) {
        if (skip < -1) return Optional.empty();
        long pc = SymTab.callerPc(skip + 1);
        FuncInfo fn = SymTab.func(pc);
        return fn == null ? Optional.empty() : Optional.of(new Caller(pc, fn.file(), fn.line(SymTab.bci(pc))));
    }

    /**
     * Go's {@code runtime.Callers}: fills {@code pcs} with the PCs of the calling goroutine's stack,
     * skipping {@code skip} frames, with 0 the frame of {@code callers} itself and 1 its caller, and
     * returns how many it wrote. The bottom of a goroutine's stack is the JDK's virtual-thread entry
     * (Go's is {@code runtime.goexit}).
     *
     * @param skip frames to skip: 0 is {@code callers} itself, 1 its caller
     * @param pcs where the PCs go, innermost first
     * @return how many PCs were written
     */
    public static int callers(int skip, long[] pcs) {
        return SymTab.callers(Math.max(skip, 0), pcs);
    }

    /**
     * Go's {@code runtime.CallersFrames}: function, file and line for PCs from {@link #callers}.
     *
     * @param pcs PCs from {@link #callers}
     * @return an iterator over their frames
     */
    public static Frames callersFrames(long[] pcs) {
        return new Frames(pcs);
    }

    /**
     * Go's {@code runtime.FuncForPC}: the function containing {@code pc}, or null.
     *
     * @param pc a PC from {@link #callers} or {@link #caller}
     * @return the function, or null when pc is not a known PC
     */
    public static Func funcForPC(long pc) {
        FuncInfo fn = SymTab.func(pc);
        return fn == null ? null : new Func(fn);
    }

    /**
     * Go's {@code runtime.Stack}: writes the calling goroutine's traceback (and with {@code all}
     * every other goroutine's after it) into {@code buf} as UTF-8, truncated silently to its length,
     * and returns the number of bytes written.
     *
     * @param buf where the UTF-8 text goes
     * @param all whether every other goroutine follows the caller's
     * @return the number of bytes written
     */
    public static int stack(byte[] buf, boolean all) {
        byte[] text = Traceback.stack(all).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, buf.length);
        System.arraycopy(text, 0, buf, 0, n);
        return n;
    }

    /**
     * {@link #stack(byte[], boolean)} without a buffer: the whole text.
     *
     * @param all whether every other goroutine follows the caller's
     * @return the traceback text
     */
    public static String stack(boolean all) {
        return Traceback.stack(all);
    }

    static String goos(String osName) {
        String s = osName.toLowerCase(Locale.ROOT);
        if (s.startsWith("linux")) return "linux";
        if (s.startsWith("mac") || s.startsWith("darwin")) return "darwin";
        if (s.startsWith("windows")) return "windows";
        if (s.startsWith("freebsd")) return "freebsd";
        return s.replace(' ', '_');
    }

    static String goarch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            case "riscv64" -> "riscv64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> arch;
        };
    }
}
