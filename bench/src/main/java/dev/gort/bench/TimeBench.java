package dev.gort.bench;

import dev.gort.time.Time;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/** Runtime timers: Go's time.NewTimer(d).Stop() (the shape of time's BenchmarkStop), under b.RunParallel. */
public class TimeBench extends Bench {
    static final int TIMERS = 20_000;

    /** A channel timer created and stopped before it fires. */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public void newTimerStop() {
        Duration second = Duration.ofSeconds(1);
        Gort.parallel(gomaxprocs, id -> {
            for (int k = share(TIMERS, id); k > 0; k--) Time.newTimer(second).stop();
        });
    }
}
