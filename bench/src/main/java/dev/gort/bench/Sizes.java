package dev.gort.bench;

/**
 * Batch sizes shared by gort's benchmarks and their peers: how many of Go's operations one JMH
 * invocation runs (its {@code @OperationsPerInvocation}). Large enough that starting the batch's
 * goroutines and waiting for them is noise; small enough that an invocation stays well under a
 * second on a slow peer.
 */
public final class Sizes {
    private Sizes() {}

    /** Round trips (ping-pong) and hand-offs (ChanSync). */
    public static final int ROUND_TRIPS = 20_000;
    /** Messages through a producer/consumer channel. */
    public static final int MESSAGES = 20_000;
    /** Go's CallsPerSched: messages a producer sends per claim on the shared budget. */
    public static final int BATCH = 1_000;
    /** Select statements run. */
    public static final int SELECTS = 20_000;
    /** Cheap operations (a failed non-blocking receive, a lock/unlock, a defer frame). */
    public static final int CHEAP = 200_000;
    /** Goroutines (or threads) spawned per invocation of a creation benchmark. */
    public static final int SPAWNS = 20_000;
}
