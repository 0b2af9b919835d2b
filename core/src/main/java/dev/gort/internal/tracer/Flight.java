package dev.gort.internal.tracer;

import dev.gort.internal.sched.Sched;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A flight recorder (Go 1.25's runtime/trace.FlightRecorder) on Go 1.19's format: the events
 * are recorded into memory and only the recent past is kept.
 *
 * <h2>Generations</h2>
 * A 1.19 trace cannot be cut at an arbitrary point (its parser needs each goroutine's history
 * from its introduction), so the recorder keeps whole generations, as Go 1.25 does: every
 * generation is a complete trace of its own (the tracer introduces each goroutine afresh in
 * it). A rotation ends the current generation and starts the next; it happens at every
 * {@link #writeTo}, and when the current generation grows past {@link #maxBytes} (a runtime
 * thread that {@link #chunk} wakes). A 1.19 file holds one generation, so {@code writeTo} writes
 * the generation it has just ended: everything since the previous rotation. The next generation
 * opens only once every writer of the ended one is done ({@link Tracer}, "Generations").
 *
 * <p>Go keeps several generations and writes all of those younger than minAge, so its window
 * always reaches back at least minAge and it drops older ones early. One generation per file
 * allows only one of the two: rotating by age (as this recorder did) left a window of a few
 * milliseconds whenever writeTo came just after a rotation, so it does not rotate by age. The
 * window reaches back at least minAge unless writeTo, or a rotation forced by maxBytes, came less
 * than minAge before; older events stay until then (Go's documentation allows them).
 *
 * <p>Locks: this object's monitor guards the chunk lists; rotation runs under
 * {@link Tracer#LIFECYCLE} and takes this monitor only while swapping lists.
 */
public final class Flight implements Session.Sink {
    final long maxBytes;
    private final Tables tables = new Tables();

    /** The generation being written, its chunks and their byte count. Guarded by this. */
    private Session current;
    private List<byte[]> chunks = new ArrayList<>();
    private long bytes;
    /** The thread that rotates when the current generation outgrows maxBytes. Guarded by this. */
    private Thread rotator;
    /** The generation ended last (the one writeTo writes) and its chunks. Guarded by this. */
    private Session previous;
    private List<byte[]> previousChunks = List.of();
    /** Running; guarded by Tracer.LIFECYCLE. */
    private boolean running;
    /** Starts so far: a rotation thread serves only the start that made it. Guarded by Tracer.LIFECYCLE. */
    private int starts;

    public Flight(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void chunk(Session s, byte[] b, int len) {
        byte[] c = len == b.length ? b : Arrays.copyOf(b, len);
        synchronized (this) {
            if (s == current) {
                chunks.add(c);
                bytes += len;
                if (bytes >= maxBytes && rotator != null) LockSupport.unpark(rotator);
            } else if (s == previous) {
                previousChunks.add(c); // a buffer's last chunk, collected as its generation ended
            }
        }
    }

    @Override
    public void wake() {
        // Nothing waits: writeTo reads what is there.
    }

    /** Go's FlightRecorder.Start. */
    public void start() {
        int start;
        synchronized (Tracer.LIFECYCLE) {
            if (Tracer.session != null || running) throw new IllegalStateException(Tracer.ALREADY_ENABLED);
            running = true;
            start = ++starts;
            Session s = newGeneration();
            Tracer.begin(s);
        }
        Thread t = Sched.startRuntimeThread("gort-trace-flight", () -> rotateLoop(start));
        synchronized (this) {
            rotator = t;
        }
    }

    /** Go's FlightRecorder.Stop: recording ends; what was recorded can still be written. */
    public void stop() {
        synchronized (Tracer.LIFECYCLE) {
            if (!running) return;
            running = false;
            Session s = current;
            retire(s);
            Tracer.end(s, null);
        }
    }

    public boolean enabled() {
        synchronized (Tracer.LIFECYCLE) {
            return running;
        }
    }

    private Session newGeneration() {
        Session s = new Session(Tracer.nextGen(), tables, this);
        synchronized (this) {
            current = s;
            chunks = new ArrayList<>();
            bytes = 0;
        }
        return s;
    }

    /** Makes generation s the previous one (before it is collected, so its last chunks land there). */
    private void retire(Session s) {
        synchronized (this) {
            if (current != s) return;
            previous = s;
            previousChunks = chunks;
            current = null;
        }
    }

    /** Ends the current generation and starts the next. Under LIFECYCLE. */
    private void rotate() {
        Session old = current;
        retire(old);
        Tracer.end(old, newGeneration());
    }

    /** How often the rotation thread looks whether its recorder was stopped (it is woken for size). */
    private static final long ROTATOR_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private void rotateLoop(int start) {
        for (;;) {
            LockSupport.parkNanos(this, ROTATOR_POLL_NANOS);
            synchronized (Tracer.LIFECYCLE) {
                if (!running || starts != start) return;
                boolean due;
                synchronized (this) {
                    due = bytes >= maxBytes;
                }
                if (due) rotate();
            }
        }
    }

    /**
     * Go's FlightRecorder.WriteTo: writes the recent past as a trace and returns the bytes
     * written. While recording, the current generation is ended first.
     */
    public long writeTo(OutputStream out) throws IOException {
        List<byte[]> write;
        synchronized (Tracer.LIFECYCLE) {
            if (running) rotate();
            synchronized (this) {
                if (previous == null) throw new IllegalStateException("flight recorder has not been started");
                write = new ArrayList<>(previousChunks);
            }
        }
        long n = Ev.HEADER.length;
        out.write(Ev.HEADER);
        for (byte[] c : write) {
            out.write(c);
            n += c.length;
        }
        byte[] footer = Tracer.footer(tables);
        out.write(footer);
        return n + footer.length;
    }
}
