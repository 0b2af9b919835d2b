package dev.gort.internal.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Go 1.23's channel-timer rules at the runtime level, with a one-slot queue standing in for the
 * timer's buffered channel: no stale value after Stop/Reset, and collectable timers.
 */
class ChannelTimerCoreTest {

    private static RuntimeTimer timerOn(ArrayBlockingQueue<Long> slot) {
        return RuntimeTimer.forChannel(slot,
                (chan, delay) -> queue(chan).offer(Timers.nanotime() - delay),
                chan -> queue(chan).poll() != null);
    }

    @SuppressWarnings("unchecked")
    private static ArrayBlockingQueue<Long> queue(Object chan) {
        return (ArrayBlockingQueue<Long>) chan;
    }

    /** Waits until the timer has put its value in the slot, without taking it. */
    private static void awaitFired(ArrayBlockingQueue<Long> slot) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slot.isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
    }

    @Test
    void stopAfterFiringWithTheValueUnreceivedReturnsTrueAndDrainsIt() throws InterruptedException {
        ArrayBlockingQueue<Long> slot = new ArrayBlockingQueue<>(1);
        RuntimeTimer t = timerOn(slot);
        t.reset(TimeUnit.MILLISECONDS.toNanos(1), 0);
        awaitFired(slot);
        assertEquals(1, slot.size(), "fired");
        assertTrue(t.stop(), "Go 1.23: a value not yet received means the timer had not fired for Stop");
        assertTrue(slot.isEmpty(), "no stale value after Stop");
        assertFalse(t.stop());
    }

    @Test
    void stopAfterTheValueWasReceivedReturnsFalse() throws InterruptedException {
        ArrayBlockingQueue<Long> slot = new ArrayBlockingQueue<>(1);
        RuntimeTimer t = timerOn(slot);
        t.reset(TimeUnit.MILLISECONDS.toNanos(1), 0);
        assertTrue(slot.poll(10, TimeUnit.SECONDS) != null);
        assertFalse(t.stop());
        assertFalse(t.reset(TimeUnit.HOURS.toNanos(1), 0), "reset of an expired, received timer");
        assertTrue(t.stop());
    }

    @Test
    void resetDropsTheOldValueAndDeliversOnlyTheNewOne() throws InterruptedException {
        ArrayBlockingQueue<Long> slot = new ArrayBlockingQueue<>(1);
        RuntimeTimer t = timerOn(slot);
        t.reset(TimeUnit.MILLISECONDS.toNanos(1), 0);
        awaitFired(slot);
        long resetAt = Timers.nanotime();
        assertTrue(t.reset(TimeUnit.MILLISECONDS.toNanos(20), 0), "unreceived value: still active for Reset");
        Long v = slot.poll(10, TimeUnit.SECONDS);
        assertTrue(v != null && v >= resetAt, "the value received after Reset is the new one");
    }

    /**
     * Races Stop against firing: whichever wins, a one-shot timer nobody receives from was always
     * stopped before its value was received, so Stop returns true and no value appears afterwards.
     */
    @Test
    void stopRacingTheTimerThreadNeverLeavesAStaleValue() throws InterruptedException {
        ArrayBlockingQueue<Long> slot = new ArrayBlockingQueue<>(1);
        for (int i = 0; i < 3_000; i++) {
            RuntimeTimer t = timerOn(slot);
            t.reset(i % 50 * 1_000L, 0);
            if (i % 3 == 0) Thread.onSpinWait();
            assertTrue(t.stop(), "iteration " + i);
            assertTrue(slot.isEmpty(), "stale value after Stop, iteration " + i);
        }
        assertNull(slot.poll(20, TimeUnit.MILLISECONDS), "nothing arrives late either");
    }

    @Test
    void timersWhoseChannelIsGarbageLeaveTheHeapUnstopped() throws InterruptedException {
        // The only strong references to the channels are dropped at once.
        RuntimeTimer ticker = timerOn(new ArrayBlockingQueue<>(1));
        RuntimeTimer oneShot = timerOn(new ArrayBlockingQueue<>(1));
        long period = TimeUnit.MILLISECONDS.toNanos(1);
        ticker.reset(period, period);
        oneShot.reset(TimeUnit.HOURS.toNanos(1), 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((ticker.isPending() || oneShot.isPending()) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(ticker.isPending(), "an unreferenced ticker is dropped without Stop (Go 1.23)");
        assertFalse(oneShot.isPending(), "an unreferenced timer leaves the heap before its deadline");
    }
}
