package dev.gort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.sched.G;
import dev.gort.internal.sched.Sched;
import dev.gort.internal.sched.WaitReason;
import dev.gort.runtime.GoRuntime;
import dev.gort.runtime.RuntimeError;
import dev.gort.testing.Goroutines;
import dev.gort.testing.Goroutines.Started;
import dev.gort.testing.PlainThreads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Go's channel rules (the spec and runtime/chan.go), one test per rule. */
class ChanTest {

    /** The run-time error a panic carried, with Go's message. */
    static void assertPanics(String message, Executable op) {
        Panic p = assertThrows(Panic.class, op);
        RuntimeError e = assertInstanceOf(RuntimeError.class, p.value());
        assertEquals(message, e.error());
    }

    @Test
    void unbufferedHandsValuesOverInOrder() throws InterruptedException {
        Chan<Integer> ch = new Chan<>();
        Goroutine g = Go.go(() -> {
            for (int i = 0; i < 1000; i++) ch.send(i);
        });
        for (int i = 0; i < 1000; i++) assertEquals(i, ch.recv());
        assertTrue(g.join(Goroutines.TIMEOUT));
        assertEquals(0, ch.len());
        assertEquals(0, ch.cap());
    }

    @Test
    void bufferedHoldsUpToCapInFifoOrder() {
        Chan<String> ch = new Chan<>(3);
        assertEquals(3, ch.cap());
        assertTrue(ch.trySend("a"));
        ch.send("b");
        ch.send("c");
        assertFalse(ch.trySend("d"), "full");
        assertEquals(3, ch.len());
        assertEquals("a", ch.recv());
        assertEquals(new Chan.Received<>("b", true), ch.recvOk());
        assertEquals(new Chan.Received<>("c", true), ch.tryRecv());
        assertNull(ch.tryRecv(), "empty");
        assertEquals(0, ch.len());
    }

    @Test
    void nullIsAValueDistinctFromClosed() {
        Chan<String> ch = new Chan<>(2);
        ch.send(null);
        ch.close();
        assertEquals(new Chan.Received<>(null, true), ch.recvOk());
        assertEquals(new Chan.Received<>(null, false), ch.recvOk());
    }

    @Test
    void negativeSizePanicsWithGosMessage() {
        assertPanics("makechan: size out of range", () -> new Chan<Integer>(-1));
    }

    @Test
    void closedChannelDrainsThenYieldsZeroValues() {
        Chan<Integer> ch = new Chan<>(2);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertEquals(2, ch.len());
        assertEquals(1, ch.recv());
        assertEquals(new Chan.Received<>(2, true), ch.recvOk());
        assertNull(ch.recv());
        assertEquals(new Chan.Received<>(null, false), ch.recvOk());
        assertEquals(new Chan.Received<>(null, false), ch.tryRecv(), "a closed channel never blocks");
    }

    @Test
    void misusePanicsInGosWords() {
        Chan<Integer> ch = new Chan<>(1);
        ch.close();
        assertPanics("send on closed channel", () -> ch.send(1));
        assertPanics("send on closed channel", () -> ch.trySend(1));
        assertPanics("close of closed channel", ch::close);
        assertPanics("close of nil channel", () -> Chan.nil().close());
    }

    @Test
    void closeWakesBlockedReceiversWithZeroAndSendersWithAPanic() throws InterruptedException {
        Chan<Integer> ch = new Chan<>();
        AtomicReference<Chan.Received<Integer>> got = new AtomicReference<>();
        AtomicReference<Object> sendPanic = new AtomicReference<>();
        Started r = Goroutines.start(() -> got.set(ch.recvOk()));
        Goroutines.awaitParked(r.g(), WaitReason.CHAN_RECEIVE);
        ch.close();
        r.join();
        assertEquals(new Chan.Received<>(null, false), got.get());

        Chan<Integer> ch2 = new Chan<>();
        Started s = Goroutines.start(() -> {
            Go.defer(() -> sendPanic.set(Go.recover()));
            ch2.send(7);
        });
        Goroutines.awaitParked(s.g(), WaitReason.CHAN_SEND);
        ch2.close();
        s.join();
        assertEquals("send on closed channel", ((RuntimeError) sendPanic.get()).error());
    }

    /** What a channel operation panicked with (Go's message), or null if it returned. */
    static String panicOf(Runnable op) {
        try {
            op.run();
            return null;
        } catch (Panic p) {
            return ((RuntimeError) p.value()).error();
        }
    }

    /**
     * Closers racing for one channel, released together: exactly one close succeeds, every
     * other panics with {@code close of closed channel}, in every round.
     */
    @Test
    void concurrentClosersExactlyOneWins() throws InterruptedException {
        int closers = 4;
        for (int round = 0; round < 200; round++) {
            Chan<Integer> ch = new Chan<>(round % 2); // unbuffered and buffered
            Chan<Void> go = new Chan<>();
            List<String> outcomes = new CopyOnWriteArrayList<>();
            List<Started> gs = new ArrayList<>();
            for (int i = 0; i < closers; i++) {
                gs.add(Goroutines.start(() -> {
                    go.recv();
                    String p = panicOf(ch::close);
                    outcomes.add(p == null ? "closed" : p);
                }));
            }
            go.close(); // releases every closer at once
            for (Started g : gs) g.join();
            assertEquals(1, outcomes.stream().filter("closed"::equals).count(), "round " + round + ": " + outcomes);
            assertEquals(closers - 1, outcomes.stream().filter("close of closed channel"::equals).count(),
                    "round " + round + ": " + outcomes);
        }
    }

    /**
     * Close racing senders on a buffered channel, with a receiver draining it: every value a
     * sender tried is accounted for exactly once, either received (before or after the close:
     * buffered values outlive it) or the one its sender panicked on with
     * {@code send on closed channel}; nothing received twice, nothing lost.
     */
    @Test
    void closeRacingBufferedSendersAccountsForEveryValue() throws InterruptedException {
        int senders = 3;
        for (int round = 0; round < 50; round++) {
            Chan<Integer> ch = new Chan<>(4);
            List<Integer> received = new CopyOnWriteArrayList<>();
            Set<Integer> sent = ConcurrentHashMap.newKeySet();
            Set<Integer> panicked = ConcurrentHashMap.newKeySet();
            List<String> panics = new CopyOnWriteArrayList<>();
            Started receiver = Goroutines.start(() -> {
                for (int v : ch) received.add(v);
            });
            List<Started> gs = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int base = s * 1_000_000;
                gs.add(Goroutines.start(() -> {
                    for (int i = 0; ; i++) {
                        int v = base + i;
                        String p = panicOf(() -> ch.send(v));
                        if (p != null) {
                            panicked.add(v);
                            panics.add(p);
                            return;
                        }
                        sent.add(v);
                    }
                }));
            }
            Goroutines.awaitTrue(() -> received.size() >= 100, "values flowing");
            ch.close();
            for (Started g : gs) g.join();
            receiver.join();
            assertEquals(senders, panicked.size(), "each sender panicked once, at the close");
            assertEquals(Collections.nCopies(senders, "send on closed channel"), panics);
            assertEquals(received.size(), new HashSet<>(received).size(), "no value received twice");
            assertEquals(sent, new HashSet<>(received), "every value sent was received, none other");
            for (int v : panicked) assertFalse(received.contains(v), "the value a sender panicked on was not delivered: " + v);
        }
    }

    @Test
    void blockedSendersAreServedInFifoOrder() throws InterruptedException {
        Chan<Integer> ch = new Chan<>(1);
        ch.send(-1);
        List<Started> senders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int v = i;
            Started s = Goroutines.start(() -> ch.send(v));
            Goroutines.awaitParked(s.g(), WaitReason.CHAN_SEND);
            senders.add(s);
        }
        assertEquals(10, ch.c.waitingSenders());
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i <= 10; i++) got.add(ch.recv());
        List<Integer> want = new ArrayList<>(List.of(-1));
        for (int i = 0; i < 10; i++) want.add(i);
        assertEquals(want, got);
        for (Started s : senders) s.join();
    }

    @Test
    void blockedReceiversAreServedInFifoOrder() throws InterruptedException {
        Chan<Integer> ch = new Chan<>();
        AtomicReferenceArray<Integer> got = new AtomicReferenceArray<>(10);
        List<Started> receivers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int slot = i;
            Started r = Goroutines.start(() -> got.set(slot, ch.recv()));
            Goroutines.awaitParked(r.g(), WaitReason.CHAN_RECEIVE);
            receivers.add(r);
        }
        assertEquals(10, ch.c.waitingReceivers());
        for (int i = 0; i < 10; i++) ch.send(100 + i);
        for (Started r : receivers) r.join();
        for (int i = 0; i < 10; i++) assertEquals(100 + i, got.get(i), "receiver " + i);
    }

    @Test
    void nilChannelBlocksForeverAndNeverCompletesNonBlockingOps() {
        Chan<Integer> nil = Chan.nil();
        assertFalse(nil.trySend(1));
        assertNull(nil.tryRecv());
        assertEquals(0, nil.len());
        assertEquals(0, nil.cap());
        // Blocked for good: plain daemon threads, so no goroutine of the test JVM stays behind.
        G[] gs = new G[2];
        Thread.ofPlatform().daemon().start(() -> {
            gs[0] = Sched.currentG();
            nil.recv();
        });
        Thread.ofPlatform().daemon().start(() -> {
            gs[1] = Sched.currentG();
            nil.send(1);
        });
        Goroutines.awaitTrue(() -> gs[0] != null && gs[1] != null, "threads started");
        Goroutines.awaitParked(gs[0], WaitReason.CHAN_RECEIVE_NIL_CHAN);
        Goroutines.awaitParked(gs[1], WaitReason.CHAN_SEND_NIL_CHAN);
    }

    @Test
    void rangeReceivesUntilClosedAndDrained() throws InterruptedException {
        Chan<Integer> ch = new Chan<>(4);
        Goroutine g = Go.go(() -> {
            for (int i = 1; i <= 100; i++) ch.send(i);
            ch.close();
        });
        int sum = 0;
        for (int v : ch) sum += v;
        assertEquals(5050, sum);
        assertTrue(g.join(Goroutines.TIMEOUT));
    }

    /**
     * Go readies the receiver into the sender's runnext: it runs before goroutines queued earlier.
     * Only within the sender's time slice (10–20 ms; after it the queue goes first, see
     * M.findRunnable), so the scenario runs once unchecked first: run cold, as the first test of a
     * JVM, the sender's class loading alone can outlast the slice.
     */
    @Test
    void directHandOffRunsTheReceiverNext() throws InterruptedException {
        int old = GoRuntime.gomaxprocs(1);
        try {
            handOffOrder();
            List<String> order = handOffOrder();
            assertEquals("receiver", order.get(0), "order " + order);
        } finally {
            GoRuntime.gomaxprocs(old);
        }
    }

    /** The order in which a readied receiver and three goroutines queued before it ran. */
    private static List<String> handOffOrder() throws InterruptedException {
        List<String> order = new CopyOnWriteArrayList<>();
        Chan<String> ch = new Chan<>();
        Chan<Boolean> done = new Chan<>();
        Started receiver = Goroutines.start(() -> order.add(ch.recv()));
        Goroutines.awaitParked(receiver.g(), WaitReason.CHAN_RECEIVE);
        Goroutine sender = Go.go(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                Go.go(() -> order.add("queued" + n)); // runnable before the receiver is readied
            }
            ch.send("receiver");
            done.recv(); // blocks: the P runs runnext first
        });
        receiver.join();
        Goroutines.awaitTrue(() -> order.size() == 4, "all ran");
        done.close();
        assertTrue(sender.join(Goroutines.TIMEOUT));
        return order;
    }

    @Test
    void plainJavaThreadsBlockHonestly() throws Throwable {
        Chan<Integer> in = new Chan<>(), out = new Chan<>();
        Goroutine echo = Go.go(() -> {
            for (int v : in) out.send(v * 2);
            out.close();
        });
        PlainThreads threads = new PlainThreads();
        threads.start("client", () -> {
            for (int i = 0; i < 100; i++) {
                in.send(i);
                assertEquals(2 * i, out.recv());
            }
            in.close();
        });
        threads.join();
        assertTrue(echo.join(Goroutines.TIMEOUT));
        assertEquals(new Chan.Received<>(null, false), out.recvOk());
    }

    @Test
    void fastPathsAllocateNothing() {
        Chan<Integer> ch = new Chan<>(8);
        Integer v = 42;
        Runnable rounds = () -> {
            for (int i = 0; i < 100_000; i++) {
                ch.send(v);
                ch.recv();
                ch.trySend(v);
                ch.recv();
            }
        };
        rounds.run(); // warm up
        long bytes = Allocations.measure(rounds);
        assertTrue(bytes < 10_000, "send/recv on a buffered channel allocated " + bytes + " bytes over 100k rounds");
    }

    @Test
    void sendAndReceiveOfManyGoroutinesLosesAndDuplicatesNothing() throws InterruptedException {
        for (int cap : new int[] {0, 1, 16}) {
            Chan<Integer> ch = new Chan<>(cap);
            int producers = 4, consumers = 4, per = 250_000;
            int[] seen = new int[producers * per];
            Chan<int[]> results = new Chan<>(consumers);
            for (int p = 0; p < producers; p++) {
                int base = p * per;
                Go.go(() -> {
                    for (int i = 0; i < per; i++) ch.send(base + i);
                });
            }
            for (int c = 0; c < consumers; c++) {
                Go.go(() -> {
                    int[] mine = new int[producers * per];
                    for (int i = 0; i < per; i++) mine[ch.recv()]++;
                    results.send(mine);
                });
            }
            for (int c = 0; c < consumers; c++) {
                int[] mine = results.recv();
                for (int i = 0; i < seen.length; i++) seen[i] += mine[i];
            }
            int[] once = new int[seen.length];
            java.util.Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "cap " + cap + ": every message exactly once");
        }
    }

    /** Go's classic daisy chain: 10,000 goroutines each add one and pass the value on. */
    @Test
    void daisyChainOfTenThousandGoroutines() {
        int n = 10_000;
        Chan<Integer> leftmost = new Chan<>();
        Chan<Integer> left = leftmost;
        for (int i = 0; i < n; i++) {
            Chan<Integer> l = left, r = new Chan<>();
            Go.go(() -> {
                for (int v : r) l.send(v + 1);
                l.close();
            });
            left = r;
        }
        Chan<Integer> rightmost = left;
        for (int round = 0; round < 20; round++) {
            rightmost.send(round);
            assertEquals(n + round, leftmost.recv());
        }
        rightmost.close();
        assertEquals(new Chan.Received<>(null, false), leftmost.recvOk(), "the close travelled down the chain");
    }

    /**
     * Go's concurrent prime sieve, a goroutine per prime, for the 1229 primes below 10,000; closing
     * {@code quit} ends every goroutine (a select in each; each closes its output as it leaves).
     */
    @Test
    void primeSieve() throws InterruptedException {
        Chan<Boolean> quit = new Chan<>();
        List<Goroutine> all = new ArrayList<>();
        Chan<Integer> ch = new Chan<>();
        all.add(Go.go(() -> {
            int[] next = {2};
            Select sel = new Select().sendFrom(ch, () -> next[0], () -> next[0]++).recv(quit, null);
            while (sel.run() == 0) { }
            ch.close();
        }));
        List<Integer> primes = new ArrayList<>();
        Chan<Integer> src = ch;
        for (int k = 0; k < 1229; k++) {
            int prime = src.recv();
            primes.add(prime);
            Chan<Integer> in = src, out = new Chan<>();
            all.add(Go.go(() -> {
                for (int v : in) {
                    if (v % prime != 0 && new Select().send(out, v, null).recv(quit, null).run() == 1) break;
                }
                out.close();
            }));
            src = out;
        }
        assertEquals(List.of(2, 3, 5, 7, 11), primes.subList(0, 5));
        assertEquals(9973, primes.get(primes.size() - 1));
        quit.close();
        for (Goroutine g : all) assertTrue(g.join(Goroutines.TIMEOUT), g + " ended");
    }
}
