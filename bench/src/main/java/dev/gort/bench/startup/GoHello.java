package dev.gort.bench.startup;

import dev.gort.Go;

/** bench/startup's gort side: Go's hello world, {@code func main() { fmt.Println("hello, world") }}. */
public final class GoHello {
    private GoHello() {}

    public static void main(String[] args) {
        Go.main(args, () -> System.out.println("hello, world"));
    }
}
