package dev.gort.internal.tracer;

import dev.gort.internal.sched.G;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One generation of a trace: the buffers that wrote for it and where their chunks go. A
 * streaming trace ({@code StartTrace}) is one generation; a flight recorder starts a new one at
 * each rotation. The tracer's per-goroutine state is stamped with {@link #gen}, so a goroutine
 * first touched in a new generation is introduced there again (see {@link Tracer}).
 */
final class Session {
    /** Generation number, unique for the life of the process (never 0, the "unknown" stamp). */
    final int gen;
    /** Interned strings and stacks; a flight recorder's generations share one table. */
    final Tables tables;
    /** Receives the finished chunks. */
    final Sink sink;
    /**
     * May writers start writing for this generation? Set once the generation before it has been
     * collected (or at once for a first generation), never cleared: see {@link Tracer}'s
     * "Generations" and {@link ProcTrace#lock}.
     */
    volatile boolean open;
    /** GCStart's sequence number (Go's trace.seqGC); guarded by the global buffer's lock. */
    long gcSeq;
    /** Every buffer that attached to this generation (collected at its end). */
    private final ConcurrentLinkedQueue<ProcTrace> procs = new ConcurrentLinkedQueue<>();
    /** Goroutines this generation saw enter a syscall (sysmon's hand-off), looked at again at its end. */
    final Set<G> syscalls = ConcurrentHashMap.newKeySet();

    /** Where the chunks of a generation go. */
    interface Sink {
        /** A finished chunk: the first {@code len} bytes of {@code b}, which nobody writes again. */
        void chunk(Session s, byte[] b, int len);

        /** Called after a buffer's lock is dropped if it handed over a chunk (wake a reader). */
        void wake();
    }

    Session(int gen, Tables tables, Sink sink) {
        this.gen = gen;
        this.tables = tables;
        this.sink = sink;
    }

    void register(ProcTrace p) {
        procs.add(p);
    }

    void accept(ProcTrace p, byte[] b, int len) {
        sink.chunk(this, b, len);
    }

    void chunkReady() {
        sink.wake();
    }

    /**
     * Takes every buffer's last chunk for this generation, after it stopped being the current
     * one; each buffer's lock waits out a writer still writing for it.
     */
    void collect() {
        for (ProcTrace p : procs) p.collect(this);
    }
}
