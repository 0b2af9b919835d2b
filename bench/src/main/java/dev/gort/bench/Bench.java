package dev.gort.bench;

import dev.gort.internal.sched.Sched;
import dev.gort.runtime.GoRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What every benchmark class shares (JMH reads these annotations from the superclass): average
 * time in ns per Go operation, one fork with gort's JVM options, and GOMAXPROCS as the parameter
 * {@code gomaxprocs}, applied by {@link #configure} before the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Gort.OPENS)
public abstract class Bench {
    @Param({"1", "2"})
    public int gomaxprocs;

    @Setup(Level.Trial)
    public final void setup() {
        configure(gomaxprocs);
    }

    /** Gives the trial {@code procs} processors: gort's GOMAXPROCS here; peers override it. */
    protected void configure(int procs) {
        if (!Sched.CUSTOM) throw new IllegalStateException("gort fell back to the JDK's scheduler: the fork needs " + Gort.OPENS);
        GoRuntime.gomaxprocs(procs);
    }

    /** This goroutine's (or thread's) share of {@code total} operations when GOMAXPROCS workers split them. */
    protected final int share(int total, int worker) {
        return Gort.share(total, gomaxprocs, worker);
    }
}
