package dev.gort.internal.sema;

import dev.gort.internal.prof.BlockProf;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A ticket-based notification list: Go's notifyList (runtime/sema.go), under sync.Cond.
 *
 * <h2>Design</h2>
 * A waiter takes a ticket with {@link #add} while it still holds the condition's lock, releases
 * that lock, and then {@link #await}s its ticket. {@link #wakeOne} wakes the holder of the
 * oldest unnotified ticket and {@link #wakeAll} every holder so far. Tickets make the two
 * steps safe: a notification that comes between {@code add} and {@code await} is not lost,
 * because {@code await} sees that its ticket is already notified and returns at once; and a
 * signal wakes the oldest waiter, never one that began waiting after the signal.
 *
 * <h2>Invariants and lock order</h2>
 * {@link #wait} is the next ticket to hand out and {@link #notify} the next ticket to notify;
 * tickets below {@code notify} are notified. Both are 32-bit counters compared with wrap-around,
 * as Go's are. {@code wait} is only incremented atomically; {@code notify} and the queue
 * ({@link #head}, {@link #tail}) are written under this object's monitor, a leaf lock never held
 * while parking or readying. A queued waiter is removed by exactly one notifier, which readies it
 * exactly once, after leaving the monitor.
 */
public final class NotifyList {
    /** Next ticket to hand out. */
    private volatile int wait;
    /** Next ticket to notify; written under the monitor, read without it on the fast paths. */
    private volatile int notify;
    /** Waiters that have parked (or are about to), in arrival order; guarded by {@code this}. */
    private Waiter head, tail;

    private static final VarHandle WAIT;

    static {
        try {
            WAIT = MethodHandles.lookup().findVarHandle(NotifyList.class, "wait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A parked waiter and the ticket it waits for: Go's sudog on a notifyList. */
    private static final class Waiter {
        final G g;
        final int ticket;
        Waiter next;
        /** -1 while a block event is wanted; the notifier stamps the wake-up time over it. */
        long releaseTime;

        Waiter(G g, int ticket) {
            this.g = g;
            this.ticket = ticket;
        }
    }

    /** Go's notifyListAdd: takes the next ticket. Call while holding the condition's lock. */
    public int add() {
        return (int) WAIT.getAndAdd(this, 1);
    }

    /** Go's notifyListWait: parks until {@code ticket} is notified (returns at once if it already is). */
    public void await(int ticket, WaitReason reason) {
        Waiter s = new Waiter(Sched.currentG(), ticket);
        long t0 = 0;
        synchronized (this) {
            if (less(ticket, notify)) return;
            if (BlockProf.blockProfileRate() > 0) {
                t0 = BlockProf.cputicks();
                s.releaseTime = -1;
            }
            if (tail == null) head = s;
            else tail.next = s;
            tail = s;
        }
        Sched.gopark(reason);
        if (t0 != 0) BlockProf.blockEvent(s.releaseTime - t0);
    }

    /** Go's notifyListNotifyAll: wakes every waiter holding a ticket taken so far. */
    public void wakeAll() {
        if (wait == notify) return; // nobody took a ticket since the last notification
        Waiter s;
        synchronized (this) {
            s = head;
            head = tail = null;
            notify = wait;
        }
        while (s != null) {
            Waiter next = s.next;
            s.next = null;
            ready(s);
            s = next;
        }
    }

    /** Go's notifyListNotifyOne: wakes the holder of the oldest unnotified ticket, if any. */
    public void wakeOne() {
        if (wait == notify) return;
        Waiter found = null;
        synchronized (this) {
            int t = notify;
            if (t == wait) return;
            notify = t + 1;
            // The holder of ticket t may not have queued yet: then its await sees t < notify and
            // returns without parking.
            for (Waiter p = null, s = head; s != null; p = s, s = s.next) {
                if (s.ticket == t) {
                    Waiter n = s.next;
                    if (p != null) p.next = n;
                    else head = n;
                    if (s == tail) tail = p;
                    s.next = null;
                    found = s;
                    break;
                }
            }
        }
        if (found != null) ready(found);
    }

    private static void ready(Waiter s) {
        if (s.releaseTime != 0) s.releaseTime = BlockProf.cputicks();
        Sched.goready(s.g);
    }

    /** Go's less: a &lt; b for 32-bit tickets that wrap around. */
    static boolean less(int a, int b) {
        return a - b < 0;
    }
}
