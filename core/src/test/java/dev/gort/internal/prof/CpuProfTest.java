package dev.gort.internal.prof;

import static dev.gort.internal.prof.ProfileProto.get;
import static dev.gort.internal.prof.ProfileProto.list;
import static dev.gort.internal.prof.ProfileProto.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.pprof.Pprof;
import dev.gort.testing.Goroutines;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JFR-fed CPU profile: rate, sample values, labels replayed in time order. */
class CpuProfTest {
    static volatile long sink;

    static long spin(long nanos) {
        long end = System.nanoTime() + nanos, x = 0;
        while (System.nanoTime() < end) x += x * 31 + 7;
        return x;
    }

    @Test
    void setCPUProfileRateSetsThePeriodAndLabelsFollowTheirChanges() throws Exception {
        GoRuntime.setCPUProfileRate(250);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pprof.startCPUProfile(out);
        try {
            Goroutines.start(() -> {
                Pprof.doWithLabels(Pprof.labels("phase", "one"), () -> sink = spin(1_500_000_000L));
                Pprof.doWithLabels(Pprof.labels("phase", "two"), () -> sink = spin(1_500_000_000L));
            }).join();
        } finally {
            Pprof.stopCPUProfile();
        }
        DynamicMessage p = ProfileProto.parse(out.toByteArray());
        assertEquals(4_000_000L, get(p, "period"));
        List<DynamicMessage> samples = list(p, "sample");
        assertFalse(samples.isEmpty());
        long one = 0, two = 0;
        for (DynamicMessage s : samples) {
            @SuppressWarnings("unchecked")
            List<Long> v = (List<Long>) get(s, "value");
            assertEquals(v.get(0) * 4_000_000L, (long) v.get(1), "each sample is worth one period of CPU");
            for (DynamicMessage l : list(s, "label")) {
                if (str(p, l, "key").equals("phase")) {
                    if (str(p, l, "str").equals("one")) one += v.get(0);
                    else two += v.get(0);
                }
            }
        }
        // each phase burns the same CPU: both labels are seen, neither swallowed by the other
        assertTrue(one > 0 && two > 0, "phase one " + one + ", phase two " + two);
        assertTrue((Long) get(p, "duration_nanos") >= 3_000_000_000L);
    }
}
