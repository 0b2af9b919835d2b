package dev.gort;

import dev.gort.testing.Lincheck;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lincheck on channels (stress and model checking, plain threads): every concurrent history of
 * non-blocking sends and receives, closes and selects over several channels must be explainable by a
 * sequential order of them, with the channel itself run sequentially as the specification. This
 * checks the lock-free fast paths against the locked ones, close against both, and select's lock
 * ordering. Blocking hand-offs cannot be specified sequentially; the multi-producer
 * multi-consumer and select-against-select tests of ChanTest and SelectTest cover them.
 *
 * <p>bin/test runs it in the Lincheck JVM (core/pom.xml, profile lincheck; determinism:
 * {@link Lincheck}); alone: {@code mvn -pl core test -Dtest=ChanLincheckTest -Dgort.lincheck=true}.
 */
@EnabledIfSystemProperty(named = "gort.lincheck", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES) // CPU-bound: ~1 min on two idle cores, ~3 min at load 20
class ChanLincheckTest {

    /** Results: a received value, or these. */
    static final int EMPTY = -1, CLOSED = -2, PANICKED = -3;

    @Param(name = "v", gen = IntGen.class, conf = "1:3")
    public static class TwoBufferedChannels {
        private final Chan<Integer> a = new Chan<>(2), b = new Chan<>(1);
        /** Never ready: no goroutine is ever blocked on it, and it has no buffer. */
        private final Chan<Integer> never = new Chan<>();

        @Operation
        public int sendA(@Param(name = "v") int v) {
            try {
                return a.trySend(v) ? 1 : 0;
            } catch (Panic p) {
                return PANICKED;
            }
        }

        @Operation
        public int recvA() {
            Chan.Received<Integer> r = a.tryRecv();
            return r == null ? EMPTY : r.ok() ? r.value() : CLOSED;
        }

        @Operation
        public int closeA() {
            try {
                a.close();
                return 1;
            } catch (Panic p) {
                return PANICKED;
            }
        }

        @Operation
        public int lenA() {
            return a.len();
        }

        /** {@code select { case v, ok := <-b: case <-never: default: }} (deterministic: one case can be ready). */
        @Operation
        public int selectRecvB() {
            int[] got = {EMPTY};
            int i = new Select()
                    .recvOk(b, (v, ok) -> got[0] = ok ? v : CLOSED)
                    .recv(never, null)
                    .orDefault(null)
                    .run();
            return i == 2 ? EMPTY : got[0];
        }

        /** {@code select { case b <- v: case never <- v: default: }} */
        @Operation
        public int selectSendB(@Param(name = "v") int v) {
            return new Select().send(b, v, null).send(never, v, null).orDefault(null).run() == 0 ? 1 : 0;
        }
    }

    @Test
    void bufferedChannelsAreLinearizable() {
        Lincheck.stress(20, 500, 3, 3).check(TwoBufferedChannels.class);
        Lincheck.modelChecking(15, 200, 3, 3).check(TwoBufferedChannels.class);
    }
}
