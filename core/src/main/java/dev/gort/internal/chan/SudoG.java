package dev.gort.internal.chan;

import dev.gort.internal.sched.G;

/**
 * A goroutine waiting on a channel: Go's {@code sudog} (runtime/runtime2.go). One goroutine may
 * wait on several channels at once (select), with one SudoG per case, all sharing one
 * {@link SelectWaiter}.
 *
 * <p>Fields are guarded by the lock of the channel {@link #c} whose queue holds the SudoG: the
 * waiter writes them before it queues itself, and the counterpart that dequeues it writes
 * {@link #elem}, {@link #success} and {@link #releaseTime} under that lock before it readies the
 * waiter (goready publishes them).
 *
 * <p>Reuse (Go's acquireSudog/releaseSudog): a goroutine waits in at most one plain send or
 * receive at a time, so each G keeps one SudoG for them ({@link G#sudog}, made at its first wait)
 * instead of Go's per-P cache; a select's SudoGs belong to its cases. Once gopark returns, the
 * counterpart has dequeued the SudoG and is done with it (it reads {@link #g} before goready and
 * touches nothing after), so the waiter owns it again; it clears {@link #elem} before reusing or
 * leaving it, so a cached SudoG holds no value alive.
 */
public final class SudoG {
    /** The waiting goroutine (or plain thread's foreign G). */
    G g;
    /** The channel whose wait queue holds this SudoG. */
    HChan c;
    /** For a sender, the value to send; for a receiver, the value received (set by the sender). */
    Object elem;
    /**
     * True if the operation completed because of a real communication; false if the channel was
     * closed under the waiter (Go's {@code sudog.success}).
     */
    boolean success;
    /** The select this SudoG belongs to, or null for a plain send or receive. */
    SelectWaiter sel;
    /** For select: the index of the case this SudoG stands for. */
    int caseIndex;
    /** Block profile: -1 when the waiter wants the wake-up time, then the waker's cputicks. */
    long releaseTime;

    /** Wait-queue links; {@link #queued} tells membership (Go uses prev and the queue's head). */
    SudoG next, prev;
    boolean queued;
}
