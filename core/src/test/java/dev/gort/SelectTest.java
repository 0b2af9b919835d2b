package dev.gort;

import static dev.gort.ChanTest.assertPanics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.testing.Goroutines;
import dev.gort.testing.Goroutines.Started;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's select rules (the spec and runtime/select.go). */
class SelectTest {

    @Test
    void takesTheReadyCaseAndRunsItsHandler() {
        Chan<Integer> a = new Chan<>(1), b = new Chan<>(1);
        b.send(7);
        AtomicReference<Object> got = new AtomicReference<>();
        int i = new Select().recv(a, v -> got.set("a" + v)).recv(b, v -> got.set("b" + v)).run();
        assertEquals(1, i);
        assertEquals("b7", got.get());
    }

    @Test
    void defaultWhenNothingIsReady() {
        Chan<Integer> a = new Chan<>(), b = new Chan<>(1);
        b.send(1); // full: a send case cannot proceed
        AtomicInteger defaults = new AtomicInteger();
        Select s = new Select().recv(a, null).send(b, 2, null).orDefault(defaults::incrementAndGet);
        assertEquals(2, s.run(), "the default's index is the number of cases");
        assertEquals(1, defaults.get());
    }

    @Test
    void sendCaseDeliversAndRecvOkSeesClose() {
        Chan<String> out = new Chan<>(1), closed = new Chan<>();
        closed.close();
        AtomicReference<Chan.Received<String>> got = new AtomicReference<>();
        int i = new Select().recvOk(closed, (v, ok) -> got.set(new Chan.Received<>(v, ok))).run();
        assertEquals(0, i);
        assertEquals(new Chan.Received<>(null, false), got.get());
        assertEquals(0, new Select().send(out, "x", null).run());
        assertEquals("x", out.recv());
    }

    @Test
    void sendCaseOnAClosedChannelPanics() {
        Chan<Integer> c = new Chan<>(1);
        c.close();
        assertPanics("send on closed channel", () -> new Select().send(c, 1, null).orDefault(null).run());
    }

    @Test
    void blockedSelectIsWokenByOneCaseAndLeavesTheOtherQueues() {
        Chan<Integer> a = new Chan<>(), b = new Chan<>(), c = new Chan<>();
        AtomicReference<String> got = new AtomicReference<>();
        Started s = Goroutines.start(() -> new Select()
                .recv(a, v -> got.set("a" + v)).recv(b, v -> got.set("b" + v)).send(c, 5, () -> got.set("c")).run());
        Goroutines.awaitParked(s.g(), WaitReason.SELECT);
        assertEquals(1, a.c.waitingReceivers());
        assertEquals(1, c.c.waitingSenders());
        b.send(3);
        Goroutines.awaitTrue(() -> got.get() != null, "handler ran");
        assertEquals("b3", got.get());
        Goroutines.awaitTrue(() -> !s.handle().isAlive(), "select returned");
        assertEquals(0, a.c.waitingReceivers(), "woken by b, the select left a's queue");
        assertEquals(0, b.c.waitingReceivers());
        assertEquals(0, c.c.waitingSenders());
        assertNull(a.tryRecv());
    }

    /**
     * Go's selectgo: a select parked on a send case whose channel is then closed wakes and panics
     * with {@code send on closed channel}, and leaves the other case's queue.
     */
    @Test
    void closeOfAChannelASelectIsBlockedSendingOnPanicsTheSelect() throws InterruptedException {
        Chan<Integer> c = new Chan<>(), other = new Chan<>();
        AtomicReference<String> outcome = new AtomicReference<>();
        Started s = Goroutines.start(() -> outcome.set(ChanTest.panicOf(() ->
                new Select().send(c, 1, () -> outcome.set("sent")).recv(other, v -> outcome.set("received")).run())));
        Goroutines.awaitParked(s.g(), WaitReason.SELECT);
        assertEquals(1, c.c.waitingSenders());
        c.close();
        s.join();
        assertEquals("send on closed channel", outcome.get());
        assertEquals(0, other.c.waitingReceivers(), "the panicking select left the other case's queue");
    }

    /**
     * Several wakers race for one parked select, each sending on its own case's channel at once:
     * exactly one case is taken (one handler, the index of the value's channel), and the values
     * of the losers are still in their channels, each received once afterwards: none lost, none
     * delivered twice.
     */
    @Test
    void severalWakersRacingForOneBlockedSelectTakeExactlyOneCase() throws InterruptedException {
        int wakers = 3;
        for (int round = 0; round < 300; round++) {
            List<Chan<Integer>> cs = new ArrayList<>();
            for (int i = 0; i < wakers; i++) cs.add(new Chan<>(round % 2)); // unbuffered and buffered
            List<Integer> handled = new CopyOnWriteArrayList<>();
            AtomicInteger chosen = new AtomicInteger(-1);
            Started sel = Goroutines.start(() -> {
                Select select = new Select();
                for (Chan<Integer> c : cs) select.recv(c, handled::add);
                chosen.set(select.run());
            });
            Goroutines.awaitParked(sel.g(), WaitReason.SELECT);
            Chan<Void> go = new Chan<>();
            List<Started> ws = new ArrayList<>();
            for (int i = 0; i < wakers; i++) {
                int v = i;
                ws.add(Goroutines.start(() -> {
                    go.recv();
                    cs.get(v).send(v);
                }));
            }
            go.close(); // releases every waker at once
            sel.join();
            assertEquals(List.of(chosen.get()), handled, "round " + round + ": one case taken, its own value");
            for (int i = 0; i < wakers; i++) {
                if (i == chosen.get()) continue;
                assertEquals(i, cs.get(i).recv(), "round " + round + ": the losing waker's value is still there");
            }
            for (Started w : ws) w.join();
            for (Chan<Integer> c : cs) assertNull(c.tryRecv(), "round " + round + ": nothing delivered twice");
        }
    }

    @Test
    void blockedSelectIsWokenByClose() throws InterruptedException {
        Chan<Integer> a = new Chan<>(), b = new Chan<>();
        AtomicReference<Chan.Received<Integer>> got = new AtomicReference<>();
        Started s = Goroutines.start(() -> new Select()
                .recv(a, null).recvOk(b, (v, ok) -> got.set(new Chan.Received<>(v, ok))).run());
        Goroutines.awaitParked(s.g(), WaitReason.SELECT);
        b.close();
        s.join();
        assertEquals(new Chan.Received<>(null, false), got.get());
        assertEquals(0, a.c.waitingReceivers());
    }

    @Test
    void nilChannelCasesAreNeverChosen() {
        Chan<Integer> nil = Chan.nil();
        assertEquals(2, new Select().recv(nil, null).send(nil, 1, null).orDefault(null).run());
        G[] blocked = new G[2];
        Thread.ofPlatform().daemon().start(() -> {
            blocked[0] = Sched.currentG();
            new Select().recv(nil, null).send(nil, 1, null).run(); // only nil cases: blocks for good
        });
        Thread.ofPlatform().daemon().start(() -> {
            blocked[1] = Sched.currentG();
            new Select().run();
        });
        Goroutines.awaitTrue(() -> blocked[0] != null && blocked[1] != null, "threads started");
        Goroutines.awaitParked(blocked[0], WaitReason.SELECT);
        Goroutines.awaitParked(blocked[1], WaitReason.SELECT_NO_CASES);
    }

    @Test
    void oneChannelSendAndReceiveInTheSameSelect() throws InterruptedException {
        Chan<Integer> c = new Chan<>();
        AtomicReference<String> got = new AtomicReference<>();
        Started s = Goroutines.start(() -> new Select()
                .recv(c, v -> got.set("recv " + v)).send(c, 1, () -> got.set("sent")).run());
        Goroutines.awaitParked(s.g(), WaitReason.SELECT);
        AtomicReference<Integer> mine = new AtomicReference<>();
        int i = new Select().recv(c, mine::set).send(c, 9, null).run();
        s.join();
        if (i == 0) {
            assertEquals(1, mine.get());
            assertEquals("sent", got.get());
        } else {
            assertEquals("recv 9", got.get());
        }
    }

    /** Go's fairness: among k ready cases each is chosen with probability 1/k. */
    @Test
    void readyCasesAreChosenUniformly() {
        int k = 3, runs = 1_000_000;
        @SuppressWarnings("unchecked")
        Chan<Integer>[] cs = new Chan[k];
        Select s = new Select();
        for (int i = 0; i < k; i++) {
            cs[i] = new Chan<>(1);
            cs[i].send(i);
            s.recv(cs[i], null);
        }
        int[] chosen = new int[k];
        for (int r = 0; r < runs; r++) {
            int i = s.run();
            chosen[i]++;
            cs[i].send(i); // ready again
        }
        for (int i = 0; i < k; i++) {
            double share = (double) chosen[i] / runs;
            assertTrue(Math.abs(share - 1.0 / k) < 0.01, "case " + i + " chosen " + share + " of the time");
        }
    }

    @Test
    void aBuiltSelectRunsAgainWithoutAllocating() {
        Chan<Integer> a = new Chan<>(1), b = new Chan<>(1);
        Integer one = 1;
        AtomicInteger sum = new AtomicInteger();
        Select s = new Select().recv(a, v -> sum.addAndGet(v)).send(b, one, null).orDefault(null);
        Runnable rounds = () -> {
            for (int i = 0; i < 100_000; i++) {
                a.trySend(one);
                s.run();
                b.tryRecv();
                s.run();
            }
        };
        rounds.run();
        long bytes = Allocations.measure(() -> {
            for (int i = 0; i < 100_000; i++) {
                a.trySend(one);
                s.run();
                b.recv();
                s.run();
            }
        });
        assertTrue(bytes < 10_000, "100k select runs allocated " + bytes + " bytes");
    }

    /** Two goroutines each in a blocking select over the same unbuffered channels: nothing lost. */
    @Test
    void selectAgainstSelectLosesNothing() throws InterruptedException {
        Chan<Integer> x = new Chan<>(), y = new Chan<>(), z = new Chan<>();
        int n = 200_000;
        int[] next = {0};
        Goroutine sender = Go.go(() -> {
            Select s = new Select()
                    .sendFrom(x, () -> next[0], () -> next[0]++)
                    .sendFrom(y, () -> next[0], () -> next[0]++)
                    .sendFrom(z, () -> next[0], () -> next[0]++);
            while (next[0] < n) s.run();
        });
        long[] sum = {0};
        Goroutine receiver = Go.go(() -> {
            int[] count = {0};
            Select r = new Select();
            for (Chan<Integer> c : List.of(x, y, z)) {
                r.recv(c, v -> {
                    sum[0] += v;
                    count[0]++;
                });
            }
            while (count[0] < n) r.run();
        });
        assertTrue(sender.join(Goroutines.TIMEOUT));
        assertTrue(receiver.join(Goroutines.TIMEOUT));
        assertEquals((long) n * (n - 1) / 2, sum[0]);
    }
}
