package dev.gort.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Goroutine;
import dev.gort.testing.GoProcess;
import dev.gort.testing.GoProcess.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GOMAXPROCS changed while every P is busy (issue 14 §5): M's keep giving P's up and taking them
 * back while P's are removed and added, from plain threads and from goroutines. A removed P must
 * never reach the idle list: after every change the P accounting ({@link Sched#pAccountingError})
 * holds — allp has gomaxprocs live P's, the idle list npidle distinct ones of them — and once the
 * load stops every P is idle. A program that then blocks for ever gets the deadlock report (the
 * detector needs npidle == gomaxprocs).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GomaxprocsChangeTest {
    private static final int[] SEQUENCE = {4, 1, 3, 2, 4, 2, 1, 3};
    private static final int[] LOWER = {1, 3, 2};
    private static final int ROUNDS = 150;

    /** Spins for about {@code nanos}: keeps the goroutine's P busy without blocking. */
    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    /**
     * Rounds of: GOMAXPROCS 4, every P busy with goroutines that end at scattered times (their M's
     * then look for work and give their P's up), and, while they end, GOMAXPROCS lowered to 1, 3 or
     * 2 — from a plain thread in even rounds, from a goroutine in odd ones. The accounting must hold
     * right after each change and once the round is quiet, with every P idle.
     */
    @Test
    void theAccountingHoldsAfterEveryChangeWhileEveryPIsBusy() throws Exception {
        int old = Sched.gomaxprocs();
        List<String> broken = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        // The invariant must hold at every moment, not only when the changer looks.
        Thread checker = Thread.ofPlatform().name("accounting-checker").start(() -> {
            while (!done.get() && broken.isEmpty()) {
                String error = Sched.pAccountingError();
                if (error != null) broken.add("seen by the checker: " + error);
                LockSupport.parkNanos(50_000);
            }
        });
        try {
            for (int round = 0; round < ROUNDS && broken.isEmpty(); round++) {
                int lower = LOWER[round % LOWER.length];
                Sched.gomaxprocs(4);
                List<Goroutine> busy = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    long nanos = 200_000 + ThreadLocalRandom.current().nextLong(1_800_000);
                    busy.add(Go.go(() -> spin(nanos)));
                }
                AtomicBoolean stop = new AtomicBoolean();
                busy.addAll(churn(stop));
                spin(1_000_000);
                Runnable change = () -> {
                    Sched.gomaxprocs(lower);
                    String error = Sched.pAccountingError();
                    if (error != null) broken.add("right after GOMAXPROCS 4 -> " + lower + ": " + error);
                };
                try {
                    if (round % 2 == 0) {
                        change.run();
                    } else {
                        busy.add(Go.go(change::run));
                        awaitGomaxprocs(lower);
                    }
                    spin(500_000);
                } finally {
                    // The churn first: at GOMAXPROCS 1 a ping-pong pair handing off through runnext
                    // would keep the P's ring, where the changing goroutine may wait, from running
                    // (gort has no pre-emption; Go's sysmon would pre-empt the pair after 10 ms).
                    stop.set(true);
                }
                for (Goroutine g : busy) assertTrue(g.join(Duration.ofSeconds(30)), "a busy goroutine did not end");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (Sched.npidle != Sched.gomaxprocs && System.nanoTime() < deadline) Thread.sleep(1);
                String error = Sched.pAccountingError();
                if (error != null) broken.add("round " + round + " (4 -> " + lower + "), quiet: " + error);
                else if (Sched.npidle != Sched.gomaxprocs) broken.add("round " + round + ": npidle=" + Sched.npidle + " gomaxprocs=" + Sched.gomaxprocs + " when quiet");
            }
        } finally {
            done.set(true);
            Sched.gomaxprocs(old);
        }
        assertTrue(checker.join(Duration.ofSeconds(30)), "the checker did not end");
        assertEquals(List.of(), broken);
    }

    /**
     * The race itself, step by step, in a JVM of its own (nothing else may take or give P's): M's
     * hold every P (taken from the idle list as findRunnable's caller holds them), GOMAXPROCS drops
     * from 4 to 1 — after their dead check — and then they give the P's back. Only the one live P
     * may land on the idle list.
     */
    static final class RaceSteps {
        public static void main(String[] args) throws Exception {
            Sched.gomaxprocs(4);
            awaitAllIdle();
            List<P> held = new ArrayList<>();
            for (P p; (p = Sched.pidleget()) != null; ) held.add(p);
            System.out.println("held " + held.size());
            Sched.gomaxprocs(1);
            System.out.println("removed while held: " + Sched.pAccountingError());
            for (P p : held) if (Sched.releaseP(p) != null) throw new AssertionError("work queued in an idle JVM");
            System.out.println("released: " + Sched.pAccountingError() + ", npidle=" + Sched.npidle);
        }
    }

    @Test
    void aPRemovedWhileHeldIsNotIdleListedWhenReleased() {
        Result r = GoProcess.run(RaceSteps.class, Map.of());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("held 4\nremoved while held: null\nreleased: null, npidle=1\n", r.stdout(), r::toString);
    }

    /** Waits (bounded) until GOMAXPROCS is {@code n}. */
    private static void awaitGomaxprocs(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Sched.gomaxprocs != n && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(n, Sched.gomaxprocs, "GOMAXPROCS changed by the goroutine");
    }

    private static void awaitAllIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Sched.npidle != Sched.gomaxprocs && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(Sched.gomaxprocs, Sched.npidle, "every P idle");
    }

    /**
     * Goroutines that make M's give P's up and take them back until {@code stop}: ping-pong pairs
     * whose every hand-off blocks one side.
     */
    private static List<Goroutine> churn(AtomicBoolean stop) {
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Chan<Integer> ping = new Chan<>(), pong = new Chan<>();
            gs.add(Go.go(() -> {
                while (!stop.get()) {
                    ping.send(1);
                    pong.recv();
                }
                ping.close();
            }));
            gs.add(Go.go(() -> {
                while (ping.recvOk().ok()) {
                    spin(5_000);
                    pong.send(1);
                }
            }));
        }
        return gs;
    }

    /** GOMAXPROCS changed from plain threads and goroutines under load, then main blocks for ever. */
    static final class ChangesThenDeadlock {
        public static void main(String[] args) {
            Go.main(args, () -> {
                AtomicBoolean stop = new AtomicBoolean();
                List<Goroutine> busy = new ArrayList<>();
                for (int i = 0; i < 8; i++) busy.add(Go.go(() -> {
                    while (!stop.get()) {
                        spin(50_000);
                        Thread.yield();
                    }
                }));
                Thread plain = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        Sched.gomaxprocs(SEQUENCE[i % SEQUENCE.length]);
                        spin(100_000);
                    }
                });
                for (int i = 0; i < 200; i++) {
                    Sched.gomaxprocs(SEQUENCE[(i + 3) % SEQUENCE.length]);
                    spin(100_000);
                }
                plain.join();
                stop.set(true);
                for (Goroutine g : busy) g.join(Duration.ofSeconds(30));
                System.out.println("gomaxprocs=" + Sched.gomaxprocs() + " accounting=" + Sched.pAccountingError());
                new Chan<Integer>().recv();
            });
        }
    }

    @Test
    void aProgramBlockedAfterChangesGetsTheDeadlockReport() {
        Result r = GoProcess.run(ChangesThenDeadlock.class, Map.of());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stdout().matches("gomaxprocs=\\d accounting=null\n"), r::toString);
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"), r::toString);
    }
}
