package dev.gort.internal.prof;

import java.util.List;

/**
 * A wall-clock profile of every goroutine, running or parked (felixge/fgprof's idea, which Go's own
 * profiles lack): the goroutine registry is swept about {@value #HZ} times a second and each
 * goroutine's stack is charged the wall time since the previous sweep. Where the CPU profile of an
 * idle virtual-thread service is empty, this one shows where its goroutines wait.
 *
 * <p>Shape as fgprof's pyroscope variant writes it: sample types {@code samples/count} and
 * {@code wall/nanoseconds}, period {@code wall/nanoseconds} of one sweep interval. A sweep of many
 * goroutines takes a while (some microseconds a goroutine); the next starts no sooner than one
 * interval after the previous one began, and each goroutine is charged the real time between
 * sweeps, so the wall totals stay right however long sweeps take.
 */
public final class WallProf {
    private WallProf() {}

    /** Sweeps per second, fgprof's default. */
    static final int HZ = 99;

    /** Samples every goroutine for {@code nanos} and returns the profile. */
    public static ProfileBuilder collect(long nanos) throws InterruptedException {
        long interval = 1_000_000_000L / HZ;
        ProfileBuilder p = new ProfileBuilder("wall", "nanoseconds", interval, "samples", "count", "wall", "nanoseconds");
        long start = System.nanoTime(), end = start + nanos, last = start;
        while (true) {
            List<GoroutineProf.Entry> entries = GoroutineProf.entries();
            long now = System.nanoTime();
            long charged = Math.max(now - last, 1);
            last = now;
            for (GoroutineProf.Entry e : entries) p.add(e.pcs(), e.labels(), 1, charged);
            long next = now + interval;
            if (next >= end) break;
            long sleep = next - System.nanoTime();
            if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        p.durationNanos(System.nanoTime() - start);
        return p;
    }
}
