package dev.gort.runtime.trace;

import dev.gort.internal.tracer.Flight;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Go 1.25's {@code runtime/trace.FlightRecorder}: records the execution trace into memory,
 * keeping only the recent past, and writes it on demand — so a slow request can be traced after
 * it happened. Made by {@link Trace#flightRecorder}. The output is a Go 1.19 trace of the last
 * generation (see docs/mapping.md for how much it covers).
 */
public final class FlightRecorder {
    private final Flight flight;

    FlightRecorder(long maxBytes) {
        this.flight = new Flight(maxBytes);
    }

    /**
     * Go's {@code FlightRecorder.Start}: starts recording. Throws {@link IllegalStateException}
     * ({@code tracing is already enabled}) while it or a trace is recording.
     */
    public void start() {
        flight.start();
    }

    /** Go's {@code FlightRecorder.Stop}: stops recording; what was recorded can still be written. */
    public void stop() {
        flight.stop();
    }

    /** {@return whether the recorder is recording: Go's {@code FlightRecorder.Enabled}} */
    public boolean enabled() {
        return flight.enabled();
    }

    /**
     * Go's {@code FlightRecorder.WriteTo}: writes the recent past to {@code out} as a complete
     * trace ({@code go tool trace} reads it) and returns the number of bytes written.
     *
     * @param out where the trace goes
     * @return the number of bytes written
     * @throws IOException if {@code out} fails
     */
    public long writeTo(OutputStream out) throws IOException {
        return flight.writeTo(out);
    }
}
