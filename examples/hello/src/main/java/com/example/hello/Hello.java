package com.example.hello;

import dev.gort.Chan;
import dev.gort.Go;
import dev.gort.Select;
import dev.gort.sync.WaitGroup;
import dev.gort.time.Time;
import java.time.Duration;

/** The README's example, as a program of its own: prints {@code sum of squares: 14}. */
public final class Hello {
    private Hello() {}

    /**
     * Sums the squares of 1..n, each computed by a goroutine, through a channel.
     *
     * @param n how many squares
     * @return 1 + 4 + ... + n*n
     */
    public static int sumOfSquares(int n) {
        Chan<Integer> squares = new Chan<>(n);
        WaitGroup wg = new WaitGroup();
        for (int i = 1; i <= n; i++) {
            int k = i;
            wg.add(1);
            Go.go(() -> {
                Go.defer(wg::done);
                squares.send(k * k);
            });
        }
        Go.go(() -> {
            wg.await();
            squares.close();
        });
        int sum = 0;
        for (int sq : squares) sum += sq;
        return sum;
    }

    /** Go's func main: the sum, or "timeout" after a second. */
    public static void main(String[] args) {
        Go.main(args, () -> {
            Chan<Integer> total = new Chan<>();
            Go.go(() -> total.send(sumOfSquares(3)));
            new Select()
                    .recv(total, sum -> System.out.println("sum of squares: " + sum))
                    .recv(Time.after(Duration.ofSeconds(1)), t -> System.out.println("timeout"))
                    .run();
        });
    }
}
