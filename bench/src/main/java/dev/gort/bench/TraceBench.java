package dev.gort.bench;

import dev.gort.runtime.trace.Trace;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The execution tracer's cost: ChanBench's ping-pong and prod/cons (buffer 10) while a trace is
 * written to a discarding stream, beside Go's same benchmarks under {@code trace.Start(io.Discard)}.
 * The overhead is the ratio to the untraced ChanBench rows of the same run.
 */
public class TraceBench extends Bench {
    private final ChanBench chans = new ChanBench();

    @Setup(Level.Trial)
    public void startTracing() {
        chans.gomaxprocs = gomaxprocs;
        Trace.start(OutputStream.nullOutputStream());
    }

    @TearDown(Level.Trial)
    public void stopTracing() {
        Trace.stop();
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void pingPongTraced() {
        chans.pingPong();
    }

    @Benchmark
    @OperationsPerInvocation(Sizes.MESSAGES)
    public void chanProdCons10Traced() {
        chans.chanProdCons10();
    }
}
