package dev.gort.bench.startup;

/** bench/startup's baseline: the plain Java hello world on the same JDK and class path. */
public final class JavaHello {
    private JavaHello() {}

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
