package dev.gort.internal.timer;

import dev.gort.internal.panics.Crash;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's timers: Go's timer heap and its servicing (runtime/time.go), plus Go's
 * {@code timeSleep}.
 *
 * <h2>Design</h2>
 * One 4-ary min-heap of {@link RuntimeTimer}s ordered by deadline, for the whole runtime (Go keeps
 * one per P so that P's service their own timers while scheduling; gort's P's are virtual-thread
 * carriers it cannot interrupt for that, so one heap and one lock serve everyone). Each timer
 * knows its heap slot, so stop and reset are O(log n).
 *
 * <p>One daemon platform thread, {@code gort-timer}, services the heap: it takes every expired
 * timer off (re-arming periodic ones at their next multiple of the period after now, so a slow
 * receiver misses ticks rather than piling them up), runs their f's with no lock held, and parks
 * with {@link LockSupport#parkNanos} until the earliest deadline. Adding a timer that becomes the
 * earliest wakes it early. Pending timers therefore cost heap slots, not threads: 100k pending
 * timers are 100k small objects and one thread. Resolution is that of {@code parkNanos} (on Linux
 * tens of microseconds of timer slack), plus the time to ready the woken goroutine.
 *
 * <p>A channel timer whose channel the collector has reclaimed (Go 1.23: unreferenced timers are
 * garbage) is reported on {@link #DEAD}; the timer thread purges such entries each time it wakes,
 * and while timers are pending it wakes at least every {@value #PURGE_MILLIS} ms to do so, so a
 * loop of abandoned {@code time.After}s does not fill the heap until their deadlines.
 *
 * <p>The thread lives in gort's thread group ({@link Sched#startRuntimeThread}), so the deadlock
 * detector does not take it for a program thread; pending timers are reported to it through
 * {@code Sched.pendingWakeSources} instead (see {@link RuntimeTimer}).
 *
 * <h2>Clock</h2>
 * Deadlines are nanoseconds of {@link System#nanoTime} since this class loaded ({@link #nanotime}),
 * so they are never negative and compare with {@code <}; a deadline past the end of that clock
 * saturates at {@code Long.MAX_VALUE} (never fires), as Go's {@code maxWhen}.
 *
 * <h2>Locks</h2>
 * {@link #LOCK} guards the heap, {@link #size}, every timer's {@code when/period/index} and
 * {@link #sleepUntil}. It is never held while running f or parking; adding a timer may unpark the
 * timer thread under it (non-blocking).
 */
public final class Timers {
    private Timers() {}

    static final Object LOCK = new Object();
    /** Where the collector queues the weak references of channel timers whose channel is garbage. */
    static final ReferenceQueue<Object> DEAD = new ReferenceQueue<>();
    static final long PURGE_MILLIS = 1_000;
    private static final long ORIGIN = System.nanoTime();

    /** The heap: heap[0] has the earliest deadline; children of i are 4i+1 .. 4i+4. */
    private static RuntimeTimer[] heap = new RuntimeTimer[64];
    private static int size;
    /**
     * The deadline the timer thread is parked until: Long.MAX_VALUE when parked with no timers,
     * Long.MIN_VALUE while it is awake and will look at the heap again before parking.
     */
    private static long sleepUntil = Long.MIN_VALUE;
    private static final Thread THREAD = Sched.startRuntimeThread("gort-timer", Timers::run);

    /** Nanoseconds since the runtime's timer clock started (monotonic). */
    public static long nanotime() {
        return System.nanoTime() - ORIGIN;
    }

    /** The deadline {@code delayNanos} from now, saturated (Go's {@code when}). */
    static long deadline(long delayNanos) {
        long now = nanotime();
        if (delayNanos <= 0) return now;
        long when = now + delayNanos;
        return when < 0 ? Long.MAX_VALUE : when;
    }

    /** Timers on the heap now (for tests and metrics). */
    public static int pending() {
        synchronized (LOCK) {
            return size;
        }
    }

    /**
     * Go's timeSleep: blocks the calling goroutine (wait reason {@code sleep}) or plain thread for
     * at least {@code nanos}; returns at once if it is not positive.
     */
    public static void sleep(long nanos) {
        if (nanos <= 0) return;
        G g = Sched.currentG();
        new RuntimeTimer(Timers::goready, g).reset(nanos, 0);
        Sched.gopark(WaitReason.SLEEP);
    }

    private static void goready(Object g, long delay) {
        Sched.goready((G) g);
    }

    // ---------------------------------------------------------------- the heap (LOCK held)

    /** Puts an off-heap timer on the heap; wakes the timer thread if it is now the earliest and due sooner. */
    static void add(RuntimeTimer t) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        heap[size] = t;
        t.index = size;
        size++;
        siftUp(t.index);
        Sched.pendingWakeSources.incrementAndGet();
        if (t.index == 0 && t.when < sleepUntil) {
            sleepUntil = Long.MIN_VALUE; // awake now: later adds need no unpark
            LockSupport.unpark(THREAD);
        }
    }

    /** Takes t off the heap if it is there; whether it was. */
    static boolean remove(RuntimeTimer t) {
        int i = t.index;
        if (i < 0) return false;
        removeAt(i);
        Sched.pendingWakeSources.decrementAndGet();
        return true;
    }

    private static void removeAt(int i) {
        RuntimeTimer t = heap[i];
        int last = --size;
        RuntimeTimer moved = heap[last];
        heap[last] = null;
        t.index = -1;
        if (i != last) {
            heap[i] = moved;
            moved.index = i;
            siftDown(i);
            siftUp(moved.index);
        }
    }

    private static void siftUp(int i) {
        RuntimeTimer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            RuntimeTimer p = heap[parent];
            if (t.when >= p.when) break;
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private static void siftDown(int i) {
        RuntimeTimer t = heap[i];
        for (;;) {
            int first = 4 * i + 1;
            if (first >= size) break;
            int min = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (heap[c].when < heap[min].when) min = c;
            }
            if (heap[min].when >= t.when) break;
            heap[i] = heap[min];
            heap[i].index = i;
            i = min;
        }
        heap[i] = t;
        t.index = i;
    }

    /**
     * Takes every timer due at {@code now} off the heap into {@code batch}, marking it firing;
     * periodic ones go back on at their next tick. Returns how many one-shot timers were taken:
     * their wake-source counts are dropped only after their f has run.
     */
    private static int takeExpired(long now, ArrayList<RuntimeTimer> batch) {
        int oneShots = 0;
        while (size > 0 && heap[0].when <= now) {
            RuntimeTimer t = heap[0];
            t.firing = true;
            t.delay = now - t.when;
            batch.add(t);
            if (t.period > 0) {
                long next = t.when + t.period * (1 + t.delay / t.period);
                t.when = next < t.when ? Long.MAX_VALUE : next;
                siftDown(0);
            } else {
                removeAt(0);
                oneShots++;
            }
        }
        return oneShots;
    }

    /** LOCK held: takes channel timers whose channel is garbage off the heap. */
    private static void purgeDead() {
        for (Reference<?> r; (r = DEAD.poll()) != null; ) remove(((RuntimeTimer.ChanRef) r).timer);
    }

    // ---------------------------------------------------------------- the timer thread

    private static void run() {
        ArrayList<RuntimeTimer> batch = new ArrayList<>();
        for (;;) {
            int oneShots;
            long wait;
            synchronized (LOCK) {
                purgeDead();
                long now = nanotime();
                oneShots = takeExpired(now, batch);
                if (!batch.isEmpty()) {
                    sleepUntil = Long.MIN_VALUE;
                    wait = 0;
                } else if (size == 0) {
                    sleepUntil = Long.MAX_VALUE;
                    wait = -1;
                } else {
                    sleepUntil = heap[0].when;
                    wait = Math.min(sleepUntil - now, PURGE_MILLIS * 1_000_000);
                }
            }
            if (!batch.isEmpty()) {
                fireAll(batch);
                Sched.pendingWakeSources.addAndGet(-oneShots);
            } else if (wait < 0) {
                LockSupport.park(Timers.class);
            } else {
                LockSupport.parkNanos(Timers.class, wait);
            }
        }
    }

    /** Runs the batch's f's in deadline order. An f that throws is a runtime bug: Go's fatal error. */
    private static void fireAll(ArrayList<RuntimeTimer> batch) {
        try {
            for (RuntimeTimer t : batch) t.fire();
        } catch (Throwable e) {
            Crash.fatalError("timer: " + e, true);
        }
        batch.clear();
    }
}
