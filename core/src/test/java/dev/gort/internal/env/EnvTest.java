package dev.gort.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.runtime.debug.Debug;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void atoiIsGosAtoi64() {
        assertEquals(42, Env.atoi("42"));
        assertEquals(-7, Env.atoi("-7"));
        for (String bad : new String[] {"", "-", "+1", " 1", "1 ", "1.5", "0x10", "99999999999999999999"}) {
            assertEquals(Long.MIN_VALUE, Env.atoi(bad), bad);
        }
    }

    @Test
    void godebugFieldsAreKeptInOrderAsWritten() {
        List<String[]> f = Env.parseGodebug("gctrace=1,,noequals, schedtrace=5,gctrace=2=3");
        assertEquals(3, f.size());
        assertEquals(List.of("gctrace", "1"), List.of(f.get(0)));
        assertEquals(List.of(" schedtrace", "5"), List.of(f.get(1))); // Go does not trim: this key is unknown
        assertEquals(List.of("gctrace", "2=3"), List.of(f.get(2)));
    }

    @Test
    void setTracebackRaisesButNeverLowersBelowTheVariable() {
        String old = System.getProperty("GOTRACEBACK");
        Env.Traceback before = Env.traceback();
        try {
            System.setProperty("GOTRACEBACK", "all");
            Debug.setTraceback("none");
            assertEquals(Env.Traceback.ALL, Env.traceback(), "cannot go below GOTRACEBACK=all");
            Debug.setTraceback("system");
            assertEquals(Env.Traceback.SYSTEM, Env.traceback());
            Debug.setTraceback("single");
            assertEquals(Env.Traceback.ALL, Env.traceback());
        } finally {
            if (old == null) System.clearProperty("GOTRACEBACK");
            else System.setProperty("GOTRACEBACK", old);
            Debug.setTraceback(before.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
