package dev.gort.internal.tracer;

/**
 * The event types of Go 1.19's execution trace (runtime/trace.go, format version 1019), by
 * their wire numbers, and the header that opens a trace. Only the types gort writes are listed.
 */
final class Ev {
    private Ev() {}

    /** The 16-byte file header: Go's {@code "go 1.19 trace\x00\x00\x00"}. */
    static final byte[] HEADER = "go 1.19 trace\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final int BATCH = 1;          // [p, ticks] (no timestamp)
    static final int FREQUENCY = 2;      // [ticks per second] (no timestamp)
    static final int STACK = 3;          // [id, n, n × {pc, func, file, line}] (length-prefixed)
    static final int GOMAXPROCS = 4;     // [procs, stk]
    static final int PROC_START = 5;     // [thread]
    static final int PROC_STOP = 6;
    static final int GC_START = 7;       // [seq, stk]
    static final int GC_DONE = 8;
    static final int GO_CREATE = 13;     // [g, start stack, stk]
    static final int GO_START = 14;      // [g, seq]
    static final int GO_END = 15;
    static final int GO_STOP = 16;       // [stk]: blocked for good (nil channel, empty select)
    static final int GO_SCHED = 17;      // [stk]
    static final int GO_SLEEP = 19;      // [stk]
    static final int GO_BLOCK = 20;      // [stk]
    static final int GO_UNBLOCK = 21;    // [g, seq, stk]
    static final int GO_BLOCK_SEND = 22;
    static final int GO_BLOCK_RECV = 23;
    static final int GO_BLOCK_SELECT = 24;
    static final int GO_BLOCK_SYNC = 25;
    static final int GO_BLOCK_COND = 26;
    static final int GO_BLOCK_NET = 27;
    static final int GO_SYSCALL = 28;    // [stk]
    static final int GO_SYS_EXIT = 29;   // [g, seq, ts]
    static final int GO_SYS_BLOCK = 30;
    static final int GO_WAITING = 31;    // [g]
    static final int HEAP_ALLOC = 33;    // [bytes]
    static final int HEAP_GOAL = 34;     // [bytes]
    static final int STRING = 37;        // [id, len, bytes] (no timestamp)
    static final int USER_TASK_CREATE = 45; // [task, parent, name string, stk]
    static final int USER_TASK_END = 46;    // [task, stk]
    static final int USER_REGION = 47;      // [task, mode, name string, stk]
    static final int USER_LOG = 48;         // [task, key string, stk] + inline value
    static final int CPU_SAMPLE = 49;       // [ts, p, g, stk]
}
