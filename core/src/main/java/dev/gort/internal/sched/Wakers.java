package dev.gort.internal.sched;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The deadlock detector's outside world: can anything that is not a goroutine parked in gort still
 * run program code, and so wake a goroutine? {@link #quiet} answers for {@link CheckDead}, which
 * has already found every goroutine parked in gopark.
 *
 * <h2>The rule: who is a possible waker</h2>
 * Every thread that can run program code counts, unless one of the rules below proves it idle:
 * <ol>
 *   <li><b>Platform threads</b> of every thread group, the JDK's included (its process reaper,
 *       asynchronous channel groups, Cleaner threads, Timer threads, thread-pool and ForkJoinPool
 *       workers run program callbacks). Not counted: gort's own threads and Go.main's waiting
 *       thread; JDK threads that never run program code ({@link #JDK_SERVICES}: the Reference
 *       Handler; the common Cleaner, whose actions are the JDK's own; the socket pollers and the
 *       virtual-thread unparker and unblocker, which only wake threads blocked in JDK calls, and
 *       those are counted themselves); and threads proven idle:
 *       <ul>
 *         <li>a ForkJoinPool worker parked in {@code ForkJoinPool.awaitWork} while its pool has no
 *             queued task or submission (the common pool after a parallel stream);</li>
 *         <li>a ThreadPoolExecutor worker parked in {@code getTask} on one of the JDK's blocking
 *             queues (a timed wait there is the keep-alive: the worker then ends, running nothing);
 *             on a ScheduledThreadPoolExecutor's queue only an untimed wait (no task scheduled);</li>
 *         <li>a ForkJoinPool delay scheduler ({@code CompletableFuture.delayedExecutor}'s) in an
 *             untimed park (its heap of delayed tasks is empty);</li>
 *         <li>a {@code java.util.Timer} thread in an untimed wait (no task scheduled);</li>
 *         <li>the Finalizer thread waiting for references with no object pending finalization
 *             (objects not yet found unreachable are not counted: Go's checkdead does not count
 *             finalizers of live objects either);</li>
 *         <li>the JVM's own Signal Dispatcher, Notification Thread, Attach Listener and
 *             DestroyJavaVM while they run no Java code (but see signal handlers below);</li>
 *         <li>a plain thread parked in gort's gopark and not yet woken.</li>
 *       </ul>
 *   <li><b>Shutdown hooks</b> registered with {@code Runtime.addShutdownHook} and not started: a
 *       SIGTERM or SIGINT from outside runs them. Read from {@code java.lang.ApplicationShutdownHooks}
 *       (gort needs {@code java.lang} opened anyway); the JDK's own hooks (classes of the JDK's
 *       class loaders, e.g. java.util.logging's) are not counted. If the table cannot be read, any
 *       hook may exist: no deadlock is ever reported.</li>
 *   <li><b>Signal handlers</b> installed with {@code sun.misc.Signal.handle}, other than the JVM's
 *       defaults and gort's own SIGUSR1 dump: the JDK keeps no readable table, so each catchable
 *       signal's handler is read by swapping in a forwarding handler and putting the old one back,
 *       atomically with respect to {@code Signal.handle} (a signal that arrives in between is
 *       passed on to the old handler).</li>
 *   <li><b>Virtual threads</b> that are not goroutines: counted unless parked in gort (found by a
 *       JSON thread dump, the only JDK listing of them, which lists those started plainly only
 *       while the JDK tracks every thread (its default; a program may set
 *       {@code jdk.trackAllThreads=false}), and otherwise counts them: see
 *       {@link #foreignVirtualThreadAwake}).</li>
 * </ol>
 *
 * <h2>Wake-ups in flight</h2>
 * An idle thread that has just been unparked still shows its idle stack until it gets a CPU. On
 * Linux the kernel says so: an unparked thread is runnable ({@code R} in
 * {@code /proc/self/task/<tid>/stat}) from the moment of the unpark, so a thread is idle only if
 * its task sleeps ({@code S}) and its wait count (ThreadInfo) is the same before its stack was read
 * and after its task state was. Elsewhere {@link #KERNEL_STATES} is false and the caller must see
 * the same quiet signature twice, {@link CheckDead#CONFIRM_WITHOUT_KERNEL_NANOS} apart.
 */
final class Wakers {
    private Wakers() {}

    /** Means "something outside gort may still wake a goroutine". */
    static final long AWAKE = Long.MIN_VALUE;

    /** Whether thread states can be read from the kernel (Linux /proc). */
    static final boolean KERNEL_STATES = Files.isDirectory(Path.of("/proc/self/task"));

    private static final ThreadMXBean THREAD_BEAN = ManagementFactory.getThreadMXBean();

    /**
     * A signature of the idle outside world (the wait counts of the idle threads and the park counts
     * of parked foreign threads), or {@link #AWAKE}. Only the sysmon thread calls this.
     */
    static long quiet() {
        // Cheapest and most common first; the signal probe, which briefly swaps handlers, last but one.
        long sig = platformThreadsQuiet();
        if (sig == AWAKE || shutdownHooksRegistered() || userSignalHandlers() || foreignVirtualThreadAwake()) return AWAKE;
        return sig;
    }

    // ---------------------------------------------------------------- platform threads

    /** JDK threads that never run program code: {class name, thread name}. */
    private static final Set<String> JDK_SERVICES = Set.of(
            "java.lang.ref.Reference$ReferenceHandler/Reference Handler",
            "jdk.internal.misc.InnocuousThread/Common-Cleaner",
            "jdk.internal.misc.InnocuousThread/MasterPoller",
            "jdk.internal.misc.InnocuousThread/Read-Poller",
            "jdk.internal.misc.InnocuousThread/Write-Poller",
            "jdk.internal.misc.InnocuousThread/VirtualThread-unparker",
            "jdk.internal.misc.InnocuousThread/VirtualThread-unblocker");
    /** The JVM's own threads, idle while they run no Java code. */
    private static final Set<String> JVM_THREADS = Set.of(
            "java.lang.Thread/Signal Dispatcher", "java.lang.Thread/Notification Thread",
            "java.lang.Thread/Attach Listener", "java.lang.Thread/DestroyJavaVM");

    /** The blocking queues whose take/poll in ThreadPoolExecutor.getTask returns no task but on a hand-off. */
    private static final Set<String> PLAIN_QUEUES = Set.of(
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.ArrayBlockingQueue",
            "java.util.concurrent.LinkedBlockingDeque", "java.util.concurrent.SynchronousQueue",
            "java.util.concurrent.LinkedTransferQueue", "java.util.concurrent.PriorityBlockingQueue");
    private static final String DELAYED_WORK_QUEUE = "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue";

    /** The signature of the idle platform threads, or AWAKE. */
    private static long platformThreadsQuiet() {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        Map<Thread, G> parkedForeign = new HashMap<>();
        for (G g : Sched.foreignGs()) {
            if (!g.thread.isVirtual() && g.status == Status.WAITING && !g.wakeupPending()) parkedForeign.put(g.thread, g);
        }
        List<Thread> idle = new ArrayList<>();
        long[] ids = new long[all.size()];
        int n = 0;
        for (Thread t : all.keySet()) ids[n++] = t.threadId();
        ThreadInfo[] before = THREAD_BEAN.getThreadInfo(java.util.Arrays.copyOf(ids, n), 0);
        Map<Long, Long> waited = new HashMap<>();
        for (ThreadInfo ti : before) if (ti != null) waited.put(ti.getThreadId(), ti.getWaitedCount());
        long sig = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : all.entrySet()) {
            Thread t = e.getKey();
            StackTraceElement[] stack = e.getValue();
            if (!t.isAlive() || isGortThread(t)) continue;
            String kind = t.getClass().getName() + "/" + t.getName();
            if (JDK_SERVICES.contains(kind)) continue;
            if (JVM_THREADS.contains(kind) && stack.length == 0) continue;
            G g = parkedForeign.get(t);
            if (g != null) {
                sig = sig * 31 + g.parkSeq;
                continue;
            }
            Long w = waited.get(t.threadId());
            if (w == null || !idleWait(t, stack)) return AWAKE;
            idle.add(t);
            sig = sig * 31 + t.threadId() * 1_000_003 + w;
        }
        return inFlight(idle, waited) ? AWAKE : sig;
    }

    /** The live platform threads outside gort and the JDK's services: those that may run program code. */
    static List<Thread> programThreads() {
        List<Thread> program = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isAlive() || t.isVirtual() || isGortThread(t) || t == Sched.mainWaiter) continue;
            String kind = t.getClass().getName() + "/" + t.getName();
            if (!JDK_SERVICES.contains(kind) && !JVM_THREADS.contains(kind)) program.add(t);
        }
        return program;
    }

    private static boolean isGortThread(Thread t) {
        return t == Thread.currentThread() || t == Sched.mainWaiter || t.getThreadGroup() == Sched.THREADS;
    }

    /** Is {@code t} parked in one of the idle waits of the class comment? */
    private static boolean idleWait(Thread t, StackTraceElement[] s) {
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) return false;
        boolean untimed = state == Thread.State.WAITING;
        if (t instanceof ForkJoinWorkerThread w) {
            ForkJoinPool pool = w.getPool();
            return parkedDirectlyIn(s, "java.util.concurrent.ForkJoinPool", "awaitWork")
                    && pool.getQueuedSubmissionCount() == 0 && pool.getQueuedTaskCount() == 0;
        }
        if (parkedDirectlyIn(s, "java.util.concurrent.DelayScheduler", "loop")) return untimed;
        int getTask = waitingIn(s, "java.util.concurrent.ThreadPoolExecutor", "getTask");
        if (getTask > 0) {
            String queue = s[getTask - 1].getClassName();
            return PLAIN_QUEUES.contains(queue) || (queue.equals(DELAYED_WORK_QUEUE) && untimed);
        }
        if (waitingIn(s, "java.util.TimerThread", "mainLoop") > 0) return untimed;
        if (waitingIn(s, "java.lang.ref.Finalizer$FinalizerThread", "run") > 0) {
            return ManagementFactory.getMemoryMXBean().getObjectPendingFinalizationCount() == 0;
        }
        return false;
    }

    /** Is the top frame a park whose caller is {@code cls.method}? */
    private static boolean parkedDirectlyIn(StackTraceElement[] s, String cls, String method) {
        return s.length >= 2 && isPark(s[0]) && s[1].getClassName().equals(cls) && s[1].getMethodName().equals(method);
    }

    /**
     * The index of the frame {@code cls.method} when the thread is parked (or in Object.wait) and
     * every frame above it is the JDK's blocking machinery; else -1.
     */
    private static int waitingIn(StackTraceElement[] s, String cls, String method) {
        if (s.length == 0 || !(isPark(s[0]) || isObjectWait(s[0]))) return -1;
        for (int i = 1; i < s.length; i++) {
            StackTraceElement f = s[i];
            if (f.getClassName().equals(cls) && f.getMethodName().equals(method)) return i;
            String c = f.getClassName();
            boolean machinery = c.startsWith("java.util.concurrent.") || c.equals("java.lang.Object")
                    || c.equals("java.lang.ref.ReferenceQueue");
            if (!machinery) return -1;
        }
        return -1;
    }

    private static boolean isPark(StackTraceElement f) {
        return f.getClassName().equals("jdk.internal.misc.Unsafe") && f.getMethodName().equals("park");
    }

    private static boolean isObjectWait(StackTraceElement f) {
        return f.getClassName().equals("java.lang.Object") && f.getMethodName().startsWith("wait");
    }

    /**
     * Has any thread found idle been woken meanwhile? Yes when its wait count moved since
     * {@code waited} was read, or (Linux) its kernel task is not asleep: an unpark makes it runnable
     * at once. A thread whose task cannot be found counts as woken.
     */
    private static boolean inFlight(List<Thread> idle, Map<Long, Long> waited) {
        if (idle.isEmpty()) return false;
        if (KERNEL_STATES) {
            Map<Long, Long> tids = nativeIds();
            for (Thread t : idle) {
                Long tid = tids.get(t.threadId());
                if (tid == null || kernelState(tid) != 'S') return true;
            }
        }
        long[] ids = new long[idle.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = idle.get(i).threadId();
        ThreadInfo[] after = THREAD_BEAN.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (after[i] == null) continue; // ended: it can wake nobody now
            if (after[i].getWaitedCount() != waited.get(ids[i])) return true;
        }
        return false;
    }

    /** A thread's header in HotSpot's Thread.print: {@code "name" #<java id> [<native id>] ...}. */
    private static final Pattern THREAD_HEADER = Pattern.compile("^\".*\" #(\\d+) \\[(\\d+)]", Pattern.MULTILINE);

    /** Java thread id → OS thread id, from the VM's Thread.print diagnostic command; empty on failure. */
    private static Map<Long, Long> nativeIds() {
        Map<Long, Long> ids = new HashMap<>();
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Matcher m = THREAD_HEADER.matcher((String) text);
            while (m.find()) ids.put(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        } catch (JMException | RuntimeException e) {
            ids.clear(); // no ids: every idle thread counts as woken
        }
        return ids;
    }

    /** The state letter of OS thread {@code tid} (R, S, D...), or '?' if it cannot be read. */
    private static char kernelState(long tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    // ---------------------------------------------------------------- shutdown hooks

    /** The JDK's table of application shutdown hooks ({@code IdentityHashMap<Thread, Thread>}), or null if unreadable. */
    private static final Field HOOKS = hooksField();
    private static final Class<?> HOOKS_CLASS = HOOKS == null ? null : HOOKS.getDeclaringClass();

    private static Field hooksField() {
        try {
            Field f = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Is a program shutdown hook registered (or might one be)? */
    private static boolean shutdownHooksRegistered() {
        if (HOOKS == null) return true;
        List<Thread> hooks;
        try {
            synchronized (HOOKS_CLASS) { // ApplicationShutdownHooks' own lock (static synchronized methods)
                Map<?, ?> table = (Map<?, ?>) HOOKS.get(null);
                if (table == null) return true; // shutting down: the hooks are running
                hooks = new ArrayList<>();
                for (Object k : table.keySet()) hooks.add((Thread) k);
            }
        } catch (IllegalAccessException | RuntimeException e) {
            return true;
        }
        for (Thread h : hooks) if (!isJdkClass(h.getClass()) || h.getClass() == Thread.class) return true;
        return false;
    }

    private static boolean isJdkClass(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    // ---------------------------------------------------------------- signal handlers

    /** Signals a program may catch with sun.misc.Signal (unknown or VM-reserved ones are skipped). */
    private static final List<String> CATCHABLE = List.of("HUP", "INT", "TERM", "USR1", "USR2", "ALRM", "CHLD", "CONT",
            "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    /** The handler each signal had while it is being probed; read by {@link #FORWARD}. */
    private static final Map<String, SignalHandler> PROBED = new ConcurrentHashMap<>();
    /** Stands in while a signal is probed: passes a signal that arrives meanwhile on to the handler put back. */
    private static final SignalHandler FORWARD = Wakers::forward;

    /** Has the program installed a signal handler of its own? */
    private static boolean userSignalHandlers() {
        for (String name : CATCHABLE) {
            SignalHandler h = handlerOf(name);
            if (h != null && h != SignalHandler.SIG_DFL && h != SignalHandler.SIG_IGN
                    && !isJdkClass(h.getClass()) && !Sched.RUNTIME_SIGNAL_HANDLERS.contains(h)) {
                return true;
            }
        }
        return false;
    }

    /** The handler of signal {@code name}, or null if the JVM does not let programs handle it. */
    private static SignalHandler handlerOf(String name) {
        Signal sig;
        try {
            sig = new Signal(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        synchronized (Signal.class) { // Signal.handle's own lock: no program call interleaves
            SignalHandler old;
            try {
                old = Signal.handle(sig, FORWARD);
            } catch (IllegalArgumentException reserved) {
                return null;
            }
            PROBED.put(name, old);
            Signal.handle(sig, old);
            return old;
        }
    }

    /** Runs on the JDK's handler thread for a signal that arrived while it was being probed. */
    private static void forward(Signal sig) {
        SignalHandler old;
        synchronized (Signal.class) { // the probe has put the old handler back once this is free
            old = PROBED.get(sig.getName());
        }
        if (old == SignalHandler.SIG_DFL) Signal.raise(sig); // the default action, now reinstated
        else if (old != null && old != SignalHandler.SIG_IGN) old.handle(sig);
    }

    // ---------------------------------------------------------------- virtual threads

    /** Where each thread starts in a JSON thread dump (HotSpotDiagnosticMXBean.dumpThreads). */
    private static final Pattern DUMPED_TID = Pattern.compile("\"tid\": \"(\\d+)\"");
    private static final Pattern DUMPED_NAME = Pattern.compile("\"name\": \"([^\"]*)\"");
    /** A container's thread count; the first one in a dump is the root container's. */
    private static final Pattern DUMPED_COUNT = Pattern.compile("\"threadCount\": \"?(\\d+)");
    /** The JDK's socket pollers are virtual threads on Linux (jdk.pollerMode=2): not the program's. */
    private static final Pattern JDK_POLLER = Pattern.compile("(Sub|Read|Write)?Poller(-\\d+)?");

    /**
     * Is a virtual thread that is not a goroutine alive and not asleep in gopark? Any failure to
     * tell counts as yes: no false deadlock.
     *
     * <p>The JSON thread dump lists every virtual thread started in a structured container
     * (executors, task scopes). Those started plainly belong to the root container, which lists
     * them only while the JDK tracks every thread ({@code jdk.trackAllThreads}, the JDK's default,
     * which a program may turn off); otherwise it only counts them. So a listed virtual thread must be a
     * goroutine, asleep in gort or a JDK poller, and the root's unlisted ones (its count less what
     * it lists) must be exactly the known ones the dump did not list: goroutines and foreign
     * virtual threads asleep in gort. A mismatch either way (a thread starting or ending meanwhile)
     * counts as awake; the probe looks again at its next tick.
     */
    static boolean foreignVirtualThreadAwake() {
        Set<Long> asleep = asleepInGort().keySet();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gort-checkdead");
            Path dump = dir.resolve("threads.json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            Matcher count = DUMPED_COUNT.matcher(json);
            if (!count.find()) return true;
            int rootEnd = count.start();
            long rootUnlisted = Long.parseLong(count.group(1));
            Set<Long> listed = new HashSet<>();
            Matcher tid = DUMPED_TID.matcher(json);
            boolean more = tid.find();
            while (more) {
                long id = Long.parseLong(tid.group(1));
                int from = tid.end();
                if (from < rootEnd) rootUnlisted--;
                listed.add(id);
                more = tid.find();
                String thread = json.substring(from, more ? tid.start() : json.length());
                int header = thread.indexOf("\"stack\"");
                if (header >= 0) thread = thread.substring(0, header);
                if (!thread.contains("\"virtual\": true") || asleep.contains(id)) continue;
                Matcher name = DUMPED_NAME.matcher(thread);
                if (!(name.find() && JDK_POLLER.matcher(name.group(1)).matches())) return true;
            }
            return rootUnlisted != unlistedVirtual(asleepInGort(), listed); // looked at again: after the dump
        } catch (IOException | RuntimeException e) {
            return true;
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("threads.json"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a stray empty temp directory is harmless
                }
            }
        }
    }

    /** The threads of every goroutine and of every foreign G asleep in gopark, by thread id. */
    private static Map<Long, Thread> asleepInGort() {
        Map<Long, Thread> asleep = new HashMap<>();
        for (G g : Sched.allGoroutines()) {
            Thread t = g.thread;
            if (t != null) asleep.put(t.threadId(), t);
        }
        for (G g : Sched.foreignGs()) {
            if (g.status == Status.WAITING && !g.wakeupPending()) asleep.put(g.thread.threadId(), g.thread);
        }
        return asleep;
    }

    /**
     * How many of {@code threads} are live virtual threads a thread dump did not list
     * ({@code listed}: the ids it did): those the root container only counts.
     */
    private static long unlistedVirtual(Map<Long, Thread> threads, Set<Long> listed) {
        long n = 0;
        for (Map.Entry<Long, Thread> e : threads.entrySet()) {
            Thread t = e.getValue();
            if (t.isVirtual() && t.isAlive() && !listed.contains(e.getKey())) n++;
        }
        return n;
    }
}
