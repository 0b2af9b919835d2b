package dev.gort.internal.sched;

/**
 * Why a goroutine is parked: the reasons of Go 1.21's waitReason list (runtime2.go
 * waitReasonStrings) that gort parks with or reports, with the exact strings Go prints in
 * goroutine headers ({@code goroutine 7 [chan receive]:}). Go's other reasons belong to its
 * collector and debugger, which gort does not have; add one with the code that uses it
 * ({@link #TRACE_READER_BLOCKED}: the execution tracer's reader).
 * {@link #SYNC_WAITGROUP_WAIT} is Go 1.25's; Go 1.21 printed {@code semacquire} there, and
 * gort uses the newer, more telling string (docs/mapping.md).
 */
public enum WaitReason {
    ZERO(""),
    IO_WAIT("IO wait"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    FINALIZER_WAIT("finalizer wait"),
    SEMACQUIRE("semacquire"),
    SLEEP("sleep"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    TRACE_READER_BLOCKED("trace reader (blocked)");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    /**
     * Go's waitReason.isMutexWait: a wait on sync.Mutex or sync.RWMutex, counted in
     * {@code /sync/mutex/wait/total:seconds}.
     */
    public boolean isMutexWait() {
        return this == SYNC_MUTEX_LOCK || this == SYNC_RWMUTEX_RLOCK || this == SYNC_RWMUTEX_LOCK;
    }

    /** The string Go prints for this reason. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
