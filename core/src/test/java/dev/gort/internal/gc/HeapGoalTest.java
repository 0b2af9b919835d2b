package dev.gort.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.runtime.debug.Debug;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** GOGC and GOMEMLIMIT: Go's parsing, and the knobs they drive. */
class HeapGoalTest {

    @Test
    void gogcParsesAsGoDoes() {
        assertEquals(100, HeapGoal.readGOGC(null));
        assertEquals(-1, HeapGoal.readGOGC("off"));
        assertEquals(50, HeapGoal.readGOGC("50"));
        assertEquals(100, HeapGoal.readGOGC("fifty"));
    }

    @Test
    void byteCountsParseAsGoDoes() {
        assertEquals(1024, HeapGoal.parseByteCount("1024"));
        assertEquals(5, HeapGoal.parseByteCount("5B"));
        assertEquals(1024, HeapGoal.parseByteCount("1KiB"));
        assertEquals(10L << 20, HeapGoal.parseByteCount("10MiB"));
        assertEquals(3L << 30, HeapGoal.parseByteCount("3GiB"));
        assertEquals(2L << 40, HeapGoal.parseByteCount("2TiB"));
        for (String bad : new String[] {"", "B", "KiB", "1KB", "1kib", "-5", "1.5GiB", "1PiB", "99999999999999999999"}) {
            assertEquals(-1, HeapGoal.parseByteCount(bad), bad);
        }
        assertEquals(Long.MAX_VALUE, HeapGoal.readGOMEMLIMIT("off"));
        assertEquals(Long.MAX_VALUE, HeapGoal.readGOMEMLIMIT(""));
    }

    static final class Noop {
        public static void main(String[] args) {
            Go.main(args, () -> System.out.println("unreachable"));
        }
    }

    @Test
    void malformedMemoryLimitIsFatalAtStart() {
        Result r = GoProcess.run(Noop.class, Map.of("GOMEMLIMIT", "12X"));
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertTrue(r.stderr().startsWith("GOMEMLIMIT=12X\nfatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`\n"), r::toString);
    }

    /**
     * Under ZGC, allocation churn over 32 MB of live data, first with no limit, then with a 64 MB
     * memory limit; prints the mean heap in use in each phase's steady state.
     */
    static final class ZgcLimit {
        static volatile Object sink;

        public static void main(String[] args) {
            Go.main(args, () -> {
                List<byte[]> live = new ArrayList<>();
                for (int i = 0; i < 32; i++) live.add(new byte[1 << 20]);
                long free = churn();
                long old = Debug.setMemoryLimit(64L << 20);
                long limited = churn();
                System.out.println("previous=" + old + " unlimited=" + free + " limited=" + limited);
                sink = live;
            });
        }

        /** 1.5 s of 64 KB allocations, 1 MB at a time; the mean heap in use over the last second (after the switch settles). */
        static long churn() {
            Runtime rt = Runtime.getRuntime();
            long sum = 0, samples = 0;
            long start = System.nanoTime(), settle = start + 500_000_000L, end = start + 1_500_000_000L;
            for (long now = start; now < end; now = System.nanoTime()) {
                for (int i = 0; i < 16; i++) sink = new byte[64 << 10];
                LockSupport.parkNanos(100_000); // ~1 MB per 0.1+ ms: a rate two shared cores can collect
                if (now >= settle) {
                    sum += rt.totalMemory() - rt.freeMemory();
                    samples++;
                }
            }
            return sum / Math.max(1, samples);
        }
    }

    @Test
    void lowerMemoryLimitLowersTheHeapUnderZgc() {
        Result r = GoProcess.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:+UseZGC", "-Xmx1g"),
                ZgcLimit.class, Map.of("GODEBUG", "gctrace=1"));
        assertEquals(0, r.exitCode(), r::toString);
        String[] f = r.stdout().trim().split("[ =]");
        assertEquals(Long.toString(Long.MAX_VALUE), f[1], "no limit before");
        long unlimited = Long.parseLong(f[3]), limited = Long.parseLong(f[5]);
        // Typically about half (110 of 220 MB); 3/4 leaves room for a busy machine's noise.
        assertTrue(limited < unlimited * 3 / 4, () -> "the limit did not measurably lower the mean heap in use: " + r.stdout());
        assertTrue(r.stderr().contains("gort: GOGC=100 GOMEMLIMIT=67108864: ZGC SoftMaxHeapSize=67108864 (honoured by the collector)"), r::toString);
    }
}
