package dev.gort.time;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.Goroutine;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How late a short sleep ends (the timer thread's parkNanos slack plus readying the goroutine).
 * Prints the figures docs/mapping.md quotes; asserts only what no machine load can break.
 */
class TimerResolutionTest {

    @Test
    void oneMillisecondSleepsOvershootBySmallAmounts() throws InterruptedException {
        int n = 200;
        long[] over = new long[n];
        Goroutine g = Go.go(() -> {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                Time.sleep(Duration.ofMillis(1));
                over[i] = System.nanoTime() - start - 1_000_000;
            }
        });
        assertTrue(g.join(Duration.ofSeconds(30)));
        Arrays.sort(over);
        assertTrue(over[0] >= 0, "a sleep never ends early");
        System.out.printf("time.Sleep(1ms) overshoot over %d sleeps: min %d µs, median %d µs, p90 %d µs, max %d µs%n",
                n, over[0] / 1000, over[n / 2] / 1000, over[n * 9 / 10] / 1000, over[n - 1] / 1000);
        assertTrue(over[n / 2] < 50_000_000, "median overshoot under 50 ms even on a loaded machine");
    }
}
