package dev.gort.internal.tracer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tracer's generation invariant (see {@link Tracer}, "Generations"): every write for a
 * generation happens before any write for the next. A writer holding its buffer for the old
 * generation while a flight recorder rotates keeps the next generation closed until it lets go;
 * without that, the next generation's writers met goroutines whose state the old writer then
 * overwrote, and go tool trace rejected the generation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GenerationSwitchTest {
    @Test
    void theNextGenerationOpensOnlyAfterTheLastWriterOfTheOldOneLetGo() throws Exception {
        Flight flight = new Flight(64 << 20);
        flight.start();
        try {
            ProcTrace writer = Tracer.procBuffer(-1), other = Tracer.procBuffer(-1);
            Session old = writer.lock(null);
            assertNotNull(old, "a started flight recorder's generation is open");
            Thread rotation = Thread.ofPlatform().start(() -> {
                try {
                    flight.writeTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Session next;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (Tracer.session == old && System.nanoTime() < deadline) Thread.onSpinWait();
                next = Tracer.session;
                assertNotSame(old, next, "the rotation closed the old generation");
                // The old generation's writer is still inside: nobody may write for the next one yet.
                Session early = other.lock(null);
                if (early != null) other.unlock();
                assertNull(early, "another buffer could write for the next generation while the old one's writer was still writing");
                assertFalse(next.open);
                rotation.join(200);
                assertTrue(rotation.isAlive(), "the rotation must wait for the old generation's writer");
            } finally {
                writer.unlock();
                rotation.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertFalse(rotation.isAlive(), "the rotation finished once the writer let go");
            assertTrue(next.open);
            assertSame(next, other.lock(null));
            other.unlock();
            assertSame(next, writer.lock(null), "the old generation's buffer now writes for the next one");
            writer.unlock();
        } finally {
            flight.stop();
        }
    }
}
