package dev.gort.internal.traceback;

import dev.gort.internal.sched.Sched;
import dev.gort.runtime.GoRuntime;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Goroutine dumps on demand from outside the process, Go's SIGQUIT dump without the exit. SIGQUIT
 * belongs to the JVM (its thread dump, which does not list unmounted virtual threads), so gort
 * listens on SIGUSR1 ({@code kill -USR1 <pid>}) and prints every goroutine to standard error in
 * Go's format, headed by {@code SIGUSR1: goroutine dump}. The same text is the {@code dump}
 * operation of the MBean {@value #MBEAN_NAME} (jconsole, {@code jcmd}-less JMX clients), which also
 * has a {@code NumGoroutine} attribute.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, no flags needed on JDK 25) refuses signals the
 * VM uses; under {@code -Xrs} or when another handler owns SIGUSR1, gort says so once on stderr and
 * only the MBean remains. Installed once, by {@code Go.main} (a Go program owns its signals; a
 * library using goroutines keeps the host's).
 */
public final class GoroutineDumps {
    private GoroutineDumps() {}

    static final String MBEAN_NAME = "dev.gort:type=Goroutines";
    private static boolean installed;

    /** Installs the SIGUSR1 handler and registers the MBean (idempotent). */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        try {
            SignalHandler dump = new DumpHandler();
            Sched.RUNTIME_SIGNAL_HANDLERS.add(dump);
            Signal.handle(new Signal("USR1"), dump);
        } catch (IllegalArgumentException e) {
            System.err.println("gort: SIGUSR1 goroutine dumps unavailable: " + e.getMessage());
        }
        // Starting the platform MBean server loads ~400 classes and costs 0.1-0.5 s of CPU, more
        // than a short program's whole run: it is done only once the program has lived for
        // MBEAN_DELAY_MS, so programs that end sooner never pay for it. A runtime thread, so the
        // deadlock detector does not count it as one that could wake goroutines.
        Sched.startRuntimeThread("gort-mbean", GoroutineDumps::registerMBean);
    }

    /** How long a program runs before its goroutine MBean is registered. */
    static final long MBEAN_DELAY_MS = 1_000;

    private static void registerMBean() {
        try {
            Thread.sleep(MBEAN_DELAY_MS);
        } catch (InterruptedException e) {
            return; // nobody interrupts this thread; if someone does, the MBean is not wanted
        }
        Bean.register();
    }

    /** Prints the dump on SIGUSR1 (a class, not a lambda, which every start-up would pay to link). */
    private static final class DumpHandler implements SignalHandler {
        @Override
        public void handle(Signal sig) {
            print(System.err);
        }
    }

    /** Every goroutine, Go's format, after a {@code SIGUSR1: goroutine dump} line. */
    static String dump() {
        StringBuilder b = new StringBuilder("SIGUSR1: goroutine dump\n");
        Traceback.others(b, null);
        return b.toString();
    }

    private static void print(PrintStream out) {
        String text = dump();
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    /** The MBean, dynamic so that JMX needs no access to gort's unexported packages. */
    private static final class Bean implements DynamicMBean {
        /** Registers the MBean (here, so that loading GoroutineDumps loads no JMX class). */
        static void register() {
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(), new ObjectName(MBEAN_NAME));
            } catch (JMException | SecurityException e) {
                System.err.println("gort: goroutine dump MBean unavailable: " + e);
            }
        }

        private static final MBeanInfo INFO = new MBeanInfo(Bean.class.getName(), "gort goroutines",
                new MBeanAttributeInfo[] {new MBeanAttributeInfo("NumGoroutine", "int", "runtime.NumGoroutine()", true, false, false)},
                null,
                new MBeanOperationInfo[] {new MBeanOperationInfo("dump", "every goroutine's traceback in Go's format",
                        new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO)},
                null);

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (attribute.equals("NumGoroutine")) return GoRuntime.numGoroutine();
            throw new AttributeNotFoundException(attribute);
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only");
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList l = new AttributeList();
            for (String a : attributes) {
                if (a.equals("NumGoroutine")) l.add(new Attribute(a, GoRuntime.numGoroutine()));
            }
            return l;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature) throws ReflectionException {
            if (action.equals("dump") && (params == null || params.length == 0)) return dump();
            throw new ReflectionException(new NoSuchMethodException(action));
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return INFO;
        }
    }
}
