package dev.gort.internal.chan;

import dev.gort.Go;
import dev.gort.internal.prof.BlockProf;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.PlainError;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Reference;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel: Go's {@code hchan} (runtime/chan.go), with Go's algorithm.
 *
 * <h2>Design</h2>
 * A channel is a circular buffer of {@link #dataqsiz} slots (none for an unbuffered channel) and
 * two FIFO wait queues of blocked goroutines, {@link #recvq} and {@link #sendq}, all guarded by
 * one lock. Invariants, as in Go:
 * <ul>
 *   <li>at least one of {@code sendq} and {@code recvq} is empty, except for an unbuffered
 *       channel with one goroutine blocked in a select both sending and receiving on it;</li>
 *   <li>for a buffered channel, {@code qcount > 0} implies {@code recvq} is empty, and
 *       {@code qcount < dataqsiz} implies {@code sendq} is empty.</li>
 * </ul>
 * A sender that finds a waiting receiver hands the value straight to it (no buffer copy) and
 * readies it: from a goroutine, {@link Sched#goready} puts the receiver in the P's
 * {@code runnext}, so it runs as soon as the sender blocks or yields. A receiver that finds a
 * waiting sender on a full buffer takes the head of the buffer and moves the sender's value into
 * the freed tail slot, keeping FIFO order. {@link #close} wakes every waiter: receivers get the
 * zero value (null) with {@code ok == false}, senders panic.
 *
 * <h2>Lock</h2>
 * {@link #lock} is a spin lock (Go's runtime mutex spins too) held only for a few field updates:
 * nothing parks, readies a goroutine or allocates much while holding it. Waiters are readied after
 * the unlock. Lock order when several channels are held (select): increasing {@link #id}; a
 * channel timer's own monitor and the timer heap lock are taken before any channel's lock.
 *
 * <h2>Fast paths</h2>
 * A non-blocking operation that would clearly block returns without the lock, reading
 * {@link #qcount}, {@link #closed} and the queue heads with acquire loads (Go's argument in
 * chanrecv applies: a channel is never re-opened, so "empty, then not closed" observed in that
 * order means both held at the moment of the first read).
 */
public final class HChan {
    /** Largest buffer: Go's maxAlloc bound becomes the largest Java array. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final AtomicLong IDS = new AtomicLong();

    /** Receive result: the channel is closed and drained (zero value, ok == false). */
    public static final Object CLOSED = new Object();
    /** Non-blocking result: the operation would have blocked. */
    public static final Object WOULD_BLOCK = new Object();

    /** Lock order among channels. */
    final long id = IDS.incrementAndGet();
    /** Buffer slots (Go's dataqsiz); 0 for an unbuffered channel. */
    final int dataqsiz;
    /** The circular buffer; empty array for an unbuffered channel. */
    private final Object[] buf;
    /** A timer's channel: reports len and cap 0 (Go 1.23's synchronous timer channels). */
    private final boolean timer;

    /** Values in the buffer; written under the lock, read racily by fast paths. */
    private int qcount;
    /** Next slot to send into / receive from. Under the lock. */
    private int sendx, recvx;
    /** Set once by close, under the lock; read racily by fast paths. */
    private boolean closed;
    /** Blocked receivers and senders. Under the lock. */
    final WaitQ recvq = new WaitQ(), sendq = new WaitQ();
    /** 0 free, 1 held. */
    private volatile int lock;

    private static final VarHandle QCOUNT, CLOSED_FLAG, LOCK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QCOUNT = l.findVarHandle(HChan.class, "qcount", int.class);
            CLOSED_FLAG = l.findVarHandle(HChan.class, "closed", boolean.class);
            LOCK = l.findVarHandle(HChan.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Go's makechan: a channel with {@code size} buffer slots. Panics with Go's
     * {@code makechan: size out of range} when size is negative or too large.
     */
    public HChan(long size, boolean timer) {
        if (size < 0 || size > MAX_SIZE) throw Go.panic(new PlainError("makechan: size out of range"));
        this.dataqsiz = (int) size;
        this.buf = new Object[dataqsiz];
        this.timer = timer;
    }

    // ---------------------------------------------------------------- lock

    void lock() {
        if (LOCK.compareAndSet(this, 0, 1)) return;
        lockSlow();
    }

    /** Go's lock2: spin a little, then yield between attempts (the holder never blocks). */
    private void lockSlow() {
        for (int spins = 0; ; spins++) {
            if (lock == 0 && LOCK.compareAndSet(this, 0, 1)) return;
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    void unlock() {
        LOCK.setRelease(this, 0);
    }

    // ---------------------------------------------------------------- send

    /**
     * Go's chansend: sends v, blocking while there is neither a waiting receiver nor buffer space
     * when {@code block}. Returns false only for a non-blocking send that would block. Panics with
     * {@code send on closed channel}.
     */
    public boolean send(Object v, boolean block) {
        if (!block && !isClosedRacy() && full()) return false;
        lock();
        if (closed) {
            unlock();
            throw sendOnClosed();
        }
        SudoG r = recvq.dequeue();
        if (r != null) {
            complete(r, v);
            unlock();
            Sched.goready(r.g);
            return true;
        }
        if (qcount < dataqsiz) {
            enqueueBuffer(v);
            unlock();
            return true;
        }
        if (!block) {
            unlock();
            return false;
        }
        if (!park(sendq, v, WaitReason.CHAN_SEND).success) throw sendOnClosed();
        return true;
    }

    // ---------------------------------------------------------------- receive

    /**
     * Go's chanrecv: receives a value, blocking while the channel is empty and open when
     * {@code block}. Returns the value (which may be null), {@link #CLOSED} when the channel is
     * closed and drained, or {@link #WOULD_BLOCK} for a non-blocking receive that would block.
     */
    public Object recv(boolean block) {
        if (!block && empty()) {
            if (!isClosedRacy()) return WOULD_BLOCK;
            if (empty()) return CLOSED; // closed before this second look: no value can arrive now
        }
        lock();
        if (closed && qcount == 0) {
            unlock();
            return CLOSED;
        }
        SudoG s = sendq.dequeue();
        if (s != null) {
            Object v = takeFrom(s);
            unlock();
            Sched.goready(s.g);
            return v;
        }
        if (qcount > 0) {
            Object v = dequeueBuffer();
            unlock();
            return v;
        }
        if (!block) {
            unlock();
            return WOULD_BLOCK;
        }
        SudoG me = park(recvq, null, WaitReason.CHAN_RECEIVE);
        Object v = me.success ? me.elem : CLOSED;
        me.elem = null;
        return v;
    }

    // ---------------------------------------------------------------- close

    /** Go's closechan: panics with {@code close of closed channel}; wakes every waiter. */
    public void close() {
        lock();
        if (closed) {
            unlock();
            throw Go.panic(new PlainError("close of closed channel"));
        }
        CLOSED_FLAG.setRelease(this, true);
        SudoG woken = null; // every waiter, linked through next once off the queues
        for (SudoG s; (s = recvq.dequeue()) != null; ) {
            s.elem = null;
            woken = release(s, false, woken);
        }
        for (SudoG s; (s = sendq.dequeue()) != null; ) {
            s.elem = null;
            woken = release(s, false, woken);
        }
        unlock();
        while (woken != null) {
            SudoG next = woken.next;
            woken.next = null;
            Sched.goready(woken.g);
            woken = next;
        }
    }

    // ---------------------------------------------------------------- shared steps (lock held)

    /**
     * Send to a dequeued receiver (Go's send): the value goes straight to it, or for a select,
     * to its case. The caller unlocks, then readies {@code r.g}.
     */
    void complete(SudoG r, Object v) {
        r.elem = v;
        release(r, true, null);
    }

    /**
     * Receive from a dequeued sender (Go's recv): on an unbuffered channel the sender's value; on
     * a full buffered one the head of the buffer, with the sender's value put at the tail. The
     * caller unlocks, then readies {@code s.g}.
     */
    Object takeFrom(SudoG s) {
        Object v;
        if (dataqsiz == 0) {
            v = s.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = s.elem;
            if (++recvx == dataqsiz) recvx = 0;
            sendx = recvx;
        }
        s.elem = null;
        release(s, true, null);
        return v;
    }

    /** Takes the head of the buffer. */
    Object dequeueBuffer() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) recvx = 0;
        QCOUNT.setRelease(this, qcount - 1);
        return v;
    }

    /** Puts v at the tail of the buffer; there is room. */
    void enqueueBuffer(Object v) {
        buf[sendx] = v;
        if (++sendx == dataqsiz) sendx = 0;
        QCOUNT.setRelease(this, qcount + 1);
    }

    /** Marks a dequeued waiter's outcome; links it onto {@code list} (for close) and returns the list. */
    private static SudoG release(SudoG s, boolean success, SudoG list) {
        s.success = success;
        if (s.releaseTime != 0) s.releaseTime = BlockProf.cputicks();
        if (s.sel != null) s.sel.fired = s;
        s.next = list;
        return s;
    }

    /**
     * Lock held: queues the current goroutine on {@code q} (carrying {@code elem} for a send) with
     * its reused SudoG, unlocks and parks until a counterpart or close completes it; reports the
     * wait to the block profile. Returns the completed SudoG: {@link SudoG#success}, and for a
     * receive {@link SudoG#elem}, which the caller clears.
     */
    private SudoG park(WaitQ q, Object elem, WaitReason reason) {
        G g = Sched.currentG();
        SudoG me = g.sudog;
        if (me == null) {
            me = new SudoG();
            me.g = g;
            g.sudog = me;
        }
        me.elem = elem;
        me.releaseTime = BlockProf.blockProfileRate() > 0 ? -1 : 0;
        q.enqueue(me);
        unlock();
        long t0 = me.releaseTime != 0 ? BlockProf.cputicks() : 0;
        Sched.gopark(g, reason);
        // A waiter keeps its channel alive, as Go's blocked goroutine does through its frame. Without
        // this, nothing used `this` after the park: on a platform thread the JIT may drop it from the
        // stack's roots, and a timer channel (held only weakly by its timer) could be collected, its
        // timer purged, and the waiter would sleep for ever.
        Reference.reachabilityFence(this);
        if (me.releaseTime > 0) BlockProf.blockEvent(me.releaseTime - t0);
        return me;
    }

    static PlainError sendOnClosedError() {
        return new PlainError("send on closed channel");
    }

    private static RuntimeException sendOnClosed() {
        return Go.panic(sendOnClosedError());
    }

    // ---------------------------------------------------------------- state

    boolean isClosed() {
        return closed;
    }

    int qcount() {
        return qcount;
    }

    private boolean isClosedRacy() {
        return (boolean) CLOSED_FLAG.getAcquire(this);
    }

    /** Go's full: a send would block (no waiting receiver and no free slot). */
    private boolean full() {
        if (dataqsiz == 0) return recvq.isEmpty();
        return (int) QCOUNT.getAcquire(this) == dataqsiz;
    }

    /** Go's empty: a receive would block (no waiting sender and nothing buffered). */
    private boolean empty() {
        if (dataqsiz == 0) return sendq.isEmpty();
        return (int) QCOUNT.getAcquire(this) == 0;
    }

    /** Go's len(c): values buffered (0 for a timer's channel, as Go 1.23). */
    public int len() {
        return timer ? 0 : (int) QCOUNT.getAcquire(this);
    }

    /** Go's cap(c): buffer size (0 for a timer's channel, as Go 1.23). */
    public int cap() {
        return timer ? 0 : dataqsiz;
    }

    /** Blocked receivers now (tests and diagnostics). */
    public int waitingReceivers() {
        lock();
        try {
            return recvq.size();
        } finally {
            unlock();
        }
    }

    /** Blocked senders now (tests and diagnostics). */
    public int waitingSenders() {
        lock();
        try {
            return sendq.size();
        } finally {
            unlock();
        }
    }

    /** Blocks the caller for good: an operation on a nil channel (Go's gopark(nil, nil, ...)). */
    public static void blockForever(WaitReason reason) {
        for (;;) Sched.gopark(reason); // nothing ever readies it
    }
}
