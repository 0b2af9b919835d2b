package dev.gort.internal.panics;

/**
 * A panic in flight: Go's {@code _panic}. {@code thrown} is the Java throwable carrying it up the
 * stack (a {@code dev.gort.Panic}, or a JVM exception that Go would call a run-time error);
 * {@code value} is what {@code recover()} returns. {@code link} is the older panic that was
 * running deferred calls when this one began, so the crash report can print the chain
 * ({@code panic: a [recovered]} / {@code \tpanic: b}).
 */
public final class PanicRecord {
    public final Throwable thrown;
    public final Object value;
    public final PanicRecord link;
    /** The value came from a Java exception that escaped, not from Go.panic: printed with its class. */
    public final boolean javaException;
    public boolean recovered;
    /** The frame whose deferred calls this panic is running (Go's {@code _panic.argp} names that call's frame). */
    DeferFrame frame;

    PanicRecord(Throwable thrown, Object value, PanicRecord link, boolean javaException) {
        this.thrown = thrown;
        this.value = value;
        this.link = link;
        this.javaException = javaException;
    }
}
