package dev.gort.internal.sched;

/**
 * A goroutine's scheduling state, Go's _Gidle.._Gdead (runtime2.go), reduced to the states gort
 * records. The string is what a traceback header prints when the goroutine is not waiting (a
 * waiting one prints its {@link WaitReason}). Go's _Gsyscall is not recorded: a running
 * goroutine whose thread is in native code is told apart only when a dump looks at its stack,
 * which then prints {@code syscall}.
 */
public enum Status {
    IDLE("idle"),
    RUNNABLE("runnable"),
    RUNNING("running"),
    WAITING("waiting"),
    DEAD("dead");

    private final String text;

    Status(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
