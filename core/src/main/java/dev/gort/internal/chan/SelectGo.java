package dev.gort.internal.chan;

import dev.gort.Go;
import dev.gort.internal.prof.BlockProf;
import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's selectgo (runtime/select.go): one pass of a select statement over a fixed set of cases.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>Poll order: a fresh uniformly random permutation of the non-nil cases, so that among
 *       ready cases each is chosen with equal probability (Go's fairness rule). Nil-channel cases
 *       are left out: they are never chosen.</li>
 *   <li>Lock every channel in lock order (increasing {@link HChan#id}, a channel named by
 *       several cases locked once). A global order means two selects cannot deadlock on each
 *       other's locks.</li>
 *   <li>Pass 1: in poll order, take the first case that can proceed now (a waiting counterpart,
 *       a buffer that has a value or room, a closed channel).</li>
 *   <li>Otherwise, with a default case, unlock and report it.</li>
 *   <li>Pass 2: queue one SudoG per case on its channel, all sharing a {@link SelectWaiter};
 *       unlock; park with wait reason {@code select}. The first counterpart to
 *       {@link SelectWaiter#win} completes its case and readies this goroutine.</li>
 *   <li>Pass 3: lock again and take every other SudoG off its queue, so a goroutine woken by one
 *       case leaves no trace on the other channels.</li>
 * </ol>
 *
 * <h2>Allocation</h2>
 * The case array, the order arrays, the SudoGs and the waiter belong to the caller (a
 * {@code dev.gort.Select} builds them once and re-runs them), so a pass allocates nothing.
 */
public final class SelectGo {
    private SelectGo() {}

    /** One case: fixed channel and direction; the value to send or the value received. */
    public static final class Case {
        /** The channel; null for a nil channel (never chosen). */
        public final HChan c;
        public final boolean send;
        /** Send: the value to send (set before each pass). Receive: the value received. */
        public Object elem;
        /** Receive: whether the value came from a send (false: closed channel). */
        public boolean ok;
        final SudoG sg = new SudoG();

        public Case(HChan c, boolean send) {
            this.c = c;
            this.send = send;
        }

        WaitQ queue() {
            return send ? c.sendq : c.recvq;
        }
    }

    /** Per-select scratch: poll and lock orders and the waiter. Reusable, one pass at a time. */
    public static final class Scratch {
        int[] pollorder = new int[4];
        int[] lockorder = new int[4];
        /** Non-nil cases, and how many of them lockorder holds sorted (-1: to be computed). */
        int nlock = -1;
        final SelectWaiter waiter = new SelectWaiter();

        /** The case list changed: the lock order is computed again at the next pass. */
        public void invalidate(int ncases) {
            if (pollorder.length < ncases) {
                pollorder = new int[Math.max(ncases, 2 * pollorder.length)];
                lockorder = new int[pollorder.length];
            }
            nlock = -1;
        }
    }

    /**
     * Runs one select over {@code cases[0..n)}. Returns the index of the case taken (its
     * {@link Case#elem} and {@link Case#ok} filled for a receive), or -1 when nothing was ready
     * and {@code block} is false. Panics with {@code send on closed channel} when the chosen send
     * case's channel is closed. With no non-nil case and {@code block}, parks for good.
     */
    public static int select(Case[] cases, int n, Scratch s, boolean block) {
        if (s.nlock < 0) sortLockOrder(cases, n, s);
        int norder = pollOrder(cases, n, s.pollorder);
        int[] lockorder = s.lockorder;
        int nlock = s.nlock;

        lockAll(cases, lockorder, nlock);
        for (int k = 0; k < norder; k++) {
            int i = s.pollorder[k];
            int taken = tryCase(cases, i, lockorder, nlock);
            if (taken >= 0) return taken;
        }
        if (!block) {
            unlockAll(cases, lockorder, nlock);
            return -1;
        }

        G g = Sched.currentG();
        SelectWaiter w = s.waiter;
        w.reset(g);
        boolean profile = BlockProf.blockProfileRate() > 0;
        for (int k = 0; k < nlock; k++) {
            Case cs = cases[lockorder[k]];
            SudoG sg = cs.sg;
            sg.g = g;
            sg.c = cs.c;
            sg.sel = w;
            sg.caseIndex = lockorder[k];
            sg.elem = cs.send ? cs.elem : null;
            sg.success = false;
            sg.releaseTime = profile ? -1 : 0;
            cs.queue().enqueue(sg);
        }
        unlockAll(cases, lockorder, nlock);
        long t0 = profile ? BlockProf.cputicks() : 0;
        Sched.gopark(WaitReason.SELECT);

        lockAll(cases, lockorder, nlock);
        SudoG fired = w.fired;
        for (int k = 0; k < nlock; k++) {
            SudoG sg = cases[lockorder[k]].sg;
            if (sg != fired) cases[lockorder[k]].queue().remove(sg);
            sg.g = null;
        }
        unlockAll(cases, lockorder, nlock);
        if (fired.releaseTime > 0) BlockProf.blockEvent(fired.releaseTime - t0);

        int i = fired.caseIndex;
        Case cs = cases[i];
        Object v = fired.elem;
        fired.elem = null;
        if (cs.send) {
            if (!fired.success) throw Go.panic(HChan.sendOnClosedError());
        } else {
            cs.elem = fired.success ? v : null;
            cs.ok = fired.success;
        }
        return i;
    }

    /** Pass 1 for case i, every channel locked: takes it and unlocks all, or returns -1. */
    private static int tryCase(Case[] cases, int i, int[] lockorder, int nlock) {
        Case cs = cases[i];
        HChan c = cs.c;
        if (!cs.send) {
            SudoG sg = c.sendq.dequeue();
            if (sg != null) {
                cs.elem = c.takeFrom(sg);
                cs.ok = true;
                unlockAll(cases, lockorder, nlock);
                Sched.goready(sg.g);
                return i;
            }
            if (c.qcount() > 0) {
                cs.elem = c.dequeueBuffer();
                cs.ok = true;
            } else if (c.isClosed()) {
                cs.elem = null;
                cs.ok = false;
            } else {
                return -1;
            }
            unlockAll(cases, lockorder, nlock);
            return i;
        }
        if (c.isClosed()) {
            unlockAll(cases, lockorder, nlock);
            throw Go.panic(HChan.sendOnClosedError());
        }
        SudoG sg = c.recvq.dequeue();
        if (sg != null) {
            c.complete(sg, cs.elem);
            unlockAll(cases, lockorder, nlock);
            Sched.goready(sg.g);
            return i;
        }
        if (c.qcount() < c.dataqsiz) {
            c.enqueueBuffer(cs.elem);
            unlockAll(cases, lockorder, nlock);
            return i;
        }
        return -1;
    }

    /** A uniformly random permutation of the non-nil cases (inside-out Fisher-Yates); returns its length. */
    private static int pollOrder(Case[] cases, int n, int[] order) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int norder = 0;
        for (int i = 0; i < n; i++) {
            if (cases[i].c == null) continue;
            int j = rnd.nextInt(norder + 1);
            order[norder] = order[j];
            order[j] = i;
            norder++;
        }
        return norder;
    }

    /** The non-nil cases sorted by channel id (insertion sort: selects are small). */
    private static void sortLockOrder(Case[] cases, int n, Scratch s) {
        int[] order = s.lockorder;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (cases[i].c == null) continue;
            long id = cases[i].c.id;
            int k = m++;
            while (k > 0 && cases[order[k - 1]].c.id > id) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = i;
        }
        s.nlock = m;
    }

    private static void lockAll(Case[] cases, int[] lockorder, int nlock) {
        HChan prev = null;
        for (int k = 0; k < nlock; k++) {
            HChan c = cases[lockorder[k]].c;
            if (c != prev) c.lock();
            prev = c;
        }
    }

    private static void unlockAll(Case[] cases, int[] lockorder, int nlock) {
        HChan prev = null;
        for (int k = nlock - 1; k >= 0; k--) {
            HChan c = cases[lockorder[k]].c;
            if (c != prev) c.unlock();
            prev = c;
        }
    }
}
