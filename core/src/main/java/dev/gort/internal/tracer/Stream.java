package dev.gort.internal.tracer;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trace read as it is written: Go's StartTrace / ReadTrace / StopTrace. Chunks queue here as
 * buffers fill; one reader at a time takes them, the header first and the footer (frequency,
 * stacks, strings) last, then null. The reader parks in gopark ("trace reader (blocked)") and is
 * woken by whoever queues a chunk or stops the trace: {@link #waiter} is claimed by exactly one of
 * the reader (when it finds work after all) and a waker, so each gopark meets one goready.
 */
final class Stream implements Session.Sink {
    /** Chunks not read yet, in the order they were finished (so each P's batches stay in order). */
    private final ConcurrentLinkedQueue<byte[]> full = new ConcurrentLinkedQueue<>();
    /** Set after the last chunk was queued: the footer follows once the queue is empty. */
    volatile boolean stopped;
    /** The parked reader, or null. */
    private volatile G waiter;
    private final AtomicBoolean reading = new AtomicBoolean();
    /** Opened when the reader has had its null: StopTrace may return. */
    final CountDownLatch drained = new CountDownLatch(1);
    /** Reader-owned progress. */
    private boolean headerSent, footerSent;
    /** The generation this stream reads; set once at start. */
    Session session;

    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(Stream.class, "waiter", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void chunk(Session s, byte[] b, int len) {
        full.add(len == b.length ? b : Arrays.copyOf(b, len));
    }

    @Override
    public void wake() {
        G w = waiter;
        if (w != null && WAITER.compareAndSet(this, w, null)) Sched.goready(w);
    }

    /** Go's ReadTrace for this stream; null when a read is already in progress elsewhere. */
    byte[] read() {
        if (!reading.compareAndSet(false, true)) {
            System.err.print("runtime: ReadTrace called from multiple goroutines simultaneously\n");
            return null;
        }
        try {
            if (!headerSent) {
                headerSent = true;
                return Ev.HEADER.clone();
            }
            for (;;) {
                boolean last = stopped;
                byte[] b = full.poll();
                if (b != null) return b;
                if (last) {
                    if (!footerSent) {
                        footerSent = true;
                        return Tracer.footer(session.tables);
                    }
                    drained.countDown();
                    return null;
                }
                await();
            }
        } finally {
            reading.set(false);
        }
    }

    private void await() {
        G me = Sched.currentG();
        waiter = me;
        if ((!full.isEmpty() || stopped) && WAITER.compareAndSet(this, me, null)) return;
        Sched.gopark(WaitReason.TRACE_READER_BLOCKED);
    }
}
