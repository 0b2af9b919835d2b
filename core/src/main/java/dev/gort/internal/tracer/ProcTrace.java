package dev.gort.internal.tracer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * One trace buffer: Go's {@code p.tracebuf}. Every P has one, every locked thread has one (it
 * runs a goroutine without a P, so it shows as a P of its own), and one global buffer (P id −1,
 * Go's {@code traceGlobProc}) takes the events of threads that hold no P: timer and GC
 * notification threads, plain Java threads.
 *
 * <h2>Ownership</h2>
 * A P's buffer is written only by the thread holding the P (its carrier, and the goroutine
 * mounted there, which run on the same OS thread in turn), so the hot path takes no shared lock.
 * {@link #busy} is still a lock, taken with one uncontended CAS per event: the only other parties
 * are the session's stopper or rotator, which take every buffer in turn to collect its last chunk
 * (Go stops the world for that), sysmon, which writes a syscall hand-off into the buffer of the
 * carrier stuck in native code, and, for the global buffer, the several threads that share it.
 * Everything below {@link #busy} is guarded by it.
 *
 * <h2>Generations</h2>
 * A writer writes for a generation only while it holds a buffer attached to it (registered with
 * the {@link Session}), having read it as {@link Tracer#session} after taking the buffer. The
 * collection that ends a generation takes each of its buffers' locks after the generation
 * stopped being {@code Tracer.session}, so when it is done no writer is still writing for it, and
 * none will: the next generation is opened ({@link Session#open}) only then, and a buffer attaches
 * only to an open generation. A buffer that registers with a generation just as it closes
 * re-reads {@code Tracer.session} after registering and writes nothing if it changed (the
 * collection may have passed it by). The events of the few microseconds between the close and
 * the open are written to neither generation.
 *
 * <h2>Encoding</h2>
 * A chunk starts with {@code EvBatch [pid, ticks]}; each event is one byte (type | number of
 * values − 1 in the top two bits, 3 meaning "length follows"), a timestamp delta from the previous
 * event of the chunk, then its arguments, all unsigned LEB128 varints (Go 1.19's format).
 */
public final class ProcTrace {
    /** Go's trace buffer size. */
    static final int SIZE = 64 << 10;
    /** Room every event may assume it has: type, length, timestamp and five arguments. */
    private static final int MAX_EVENT = 2 + 6 * 10;

    /** The P id written in batch headers (−1: the global buffer). */
    final long pid;
    /** The global buffer: shared by threads, never "started" as a P. */
    final boolean global;

    /** The writer's lock (see the class comment). */
    private volatile boolean busy;

    /** The session this buffer writes for, or null (guarded by busy). */
    Session session;
    private byte[] buf;
    private int pos;
    /** Position after the batch header: a chunk with nothing beyond it is not worth keeping. */
    private int start;
    private long lastTicks;
    /** ProcStart written and no ProcStop since (the trace's view of the P). */
    private boolean running;
    /** A chunk was handed to the session: wake its reader once the lock is dropped. */
    private boolean handedOff;

    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(ProcTrace.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The buffer of P {@code pid}, or the global buffer. */
    ProcTrace(long pid, boolean global) {
        this.pid = pid;
        this.global = global;
    }

    /**
     * Takes the buffer for the current session, or returns null when tracing is off (nothing
     * is held then). The caller writes, then calls {@link #unlock}. {@code thread} is the carrier
     * that holds this P, named in the ProcStart written if the trace does not see the P running
     * yet; null takes the buffer without starting the P (to stop it).
     */
    Session lock(Thread thread) {
        if (!BUSY.compareAndSet(this, false, true)) spinLock();
        Session s = Tracer.session;
        if (s == null || session != s && !attach(s)) {
            unlock();
            return null;
        }
        if (!running && !global && thread != null) {
            running = true;
            emit(Ev.PROC_START, 1, thread.threadId(), 0, 0, 0);
        }
        return s;
    }

    private void spinLock() {
        for (int spins = 0; !BUSY.compareAndSet(this, false, true); spins++) {
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    void unlock() {
        Session s = handedOff ? session : null;
        handedOff = false;
        busy = false;
        if (s != null) s.chunkReady();
    }

    /**
     * Starts writing for {@code s}. False if nothing may be written for s (see the class
     * comment): it is not open yet, or it was closed while this buffer registered, perhaps too
     * late for its collection to see it. An older session this buffer was attached to has either
     * collected it or had nothing written for it (it was that late one), so nothing is lost here.
     */
    private boolean attach(Session s) {
        if (!s.open) return false;
        session = s;
        running = false;
        buf = new byte[SIZE];
        s.register(this);
        batchHeader();
        return Tracer.session == s;
    }

    private void batchHeader() {
        pos = 0;
        lastTicks = Tracer.ticks();
        buf[pos++] = (byte) (Ev.BATCH | 1 << 6);
        varint(pid);
        varint(lastTicks);
        start = pos;
    }

    /** Gives the current chunk, if it holds events, to its session. */
    private void handOff() {
        if (pos > start) {
            session.accept(this, buf, pos);
            handedOff = true;
        }
    }

    /**
     * The collector's side (stop or rotation): takes the last chunk written for {@code s} and
     * detaches, so that the next writer starts afresh. Safe against concurrent writers.
     */
    void collect(Session s) {
        if (!BUSY.compareAndSet(this, false, true)) spinLock();
        try {
            if (session == s) {
                if (pos > start) s.accept(this, buf, pos);
                session = null;
                buf = null;
            }
        } finally {
            busy = false;
        }
    }

    /** Whether this buffer's P is started in the trace (ProcStart written, no ProcStop since). Under the lock. */
    boolean running() {
        return running;
    }

    /** ProcStop, if the trace sees this P running. Under the lock. */
    void procStop() {
        if (running) {
            emit(Ev.PROC_STOP, 0, 0, 0, 0, 0);
            running = false;
        }
    }

    private void ensure(int bytes) {
        if (SIZE - pos >= bytes) return;
        handOff();
        buf = new byte[Math.max(SIZE, bytes + 32)];
        batchHeader();
    }

    /** An event stamped now with {@code n} (0..4) arguments after its timestamp. Under the lock. */
    void emit(int type, int n, long a, long b, long c, long d) {
        emitAt(Tracer.ticks(), type, n, a, b, c, d);
    }

    /** An event stamped {@code ticks} (no earlier than the previous one of the chunk). Under the lock. */
    void emitAt(long ticks, int type, int n, long a, long b, long c, long d) {
        ensure(MAX_EVENT);
        long dt = Math.max(ticks - lastTicks, 0);
        lastTicks += dt;
        if (n < 3) {
            buf[pos++] = (byte) (type | n << 6);
            varint(dt);
            if (n > 0) varint(a);
            if (n > 1) varint(b);
        } else {
            buf[pos++] = (byte) (type | 3 << 6);
            int lengthAt = pos++;
            int from = pos;
            varint(dt);
            varint(a);
            varint(b);
            varint(c);
            if (n > 3) varint(d);
            buf[lengthAt] = (byte) (pos - from);
        }
    }

    /** EvUserLog: task, key string and stack, then the value inline. Under the lock. */
    void userLog(long task, long key, long stack, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ensure(MAX_EVENT + 10 + v.length);
        emit(Ev.USER_LOG, 3, task, key, stack, 0);
        varint(v.length);
        System.arraycopy(v, 0, buf, pos, v.length);
        pos += v.length;
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }
}
