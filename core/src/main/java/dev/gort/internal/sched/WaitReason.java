package dev.gort.internal.sched;

/**
 * Why a goroutine is parked: Go 1.21's waitReason list (runtime2.go waitReasonStrings), with the
 * exact strings Go prints in goroutine headers ({@code goroutine 7 [chan receive]:}).
 * {@link #SYNC_WAITGROUP_WAIT} is Go 1.25's; Go 1.21 printed {@code semacquire} there, and
 * gort uses the newer, more telling string (docs/mapping.md).
 */
public enum WaitReason {
    ZERO(""),
    GC_ASSIST_MARKING("GC assist marking"),
    IO_WAIT("IO wait"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    DUMPING_HEAP("dumping heap"),
    GARBAGE_COLLECTION("garbage collection"),
    GARBAGE_COLLECTION_SCAN("garbage collection scan"),
    PANICWAIT("panicwait"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    GC_ASSIST_WAIT("GC assist wait"),
    GC_SWEEP_WAIT("GC sweep wait"),
    GC_SCAVENGE_WAIT("GC scavenge wait"),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    FINALIZER_WAIT("finalizer wait"),
    FORCE_GC_IDLE("force gc (idle)"),
    SEMACQUIRE("semacquire"),
    SLEEP("sleep"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    TRACE_READER_BLOCKED("trace reader (blocked)"),
    WAIT_FOR_GC_CYCLE("wait for GC cycle"),
    GC_WORKER_IDLE("GC worker (idle)"),
    GC_WORKER_ACTIVE("GC worker (active)"),
    PREEMPTED("preempted"),
    DEBUG_CALL("debug call"),
    GC_MARK_TERMINATION("GC mark termination"),
    STOPPING_THE_WORLD("stopping the world");

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
