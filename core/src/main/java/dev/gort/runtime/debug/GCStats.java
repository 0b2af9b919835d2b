package dev.gort.runtime.debug;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Go's {@code debug.GCStats}: information about recent collections, filled by
 * {@link Debug#readGCStats(GCStats)}. Create it with the number of pause quantiles wanted
 * ({@code new GCStats(5)} gives minimum, 25%, 50%, 75% and maximum), as Go's caller sizes
 * {@code PauseQuantiles}. Times have the JVM's millisecond resolution (docs/mapping.md).
 */
public final class GCStats {
    Instant lastGC;
    long numGC;
    Duration pauseTotal = Duration.ZERO;
    List<Duration> pause = List.of();
    List<Instant> pauseEnd = List.of();
    final Duration[] pauseQuantiles;

    /** No quantiles requested (Go's empty {@code PauseQuantiles}). */
    public GCStats() {
        this(0);
    }

    /**
     * Requests {@code quantiles} pause quantiles (Go's {@code len(PauseQuantiles)}).
     *
     * @param quantiles how many quantiles {@link Debug#readGCStats} fills in
     */
    public GCStats(int quantiles) {
        pauseQuantiles = new Duration[quantiles];
        java.util.Arrays.fill(pauseQuantiles, Duration.ZERO);
    }

    /** {@return Go's {@code LastGC}: when the last collection ended, or null if none was seen (Go's zero time)} */
    public Instant lastGC() { return lastGC; }

    /** {@return Go's {@code NumGC}} */
    public long numGC() { return numGC; }

    /** {@return Go's {@code PauseTotal}} */
    public Duration pauseTotal() { return pauseTotal; }

    /** {@return Go's {@code Pause}: pause history, most recent first (at most 256)} */
    public List<Duration> pause() { return pause; }

    /** {@return Go's {@code PauseEnd}: pause end times, most recent first} */
    public List<Instant> pauseEnd() { return pauseEnd; }

    /** {@return Go's {@code PauseQuantiles}: minimum, evenly spaced quantiles, maximum of {@link #pause()} (a copy)} */
    public Duration[] pauseQuantiles() { return pauseQuantiles.clone(); }
}
