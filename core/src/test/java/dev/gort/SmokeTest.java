package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void goroutinesRun() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Goroutine g = Go.go(n::incrementAndGet);
        g.join();
        assertEquals(1, n.get());
    }
}
