package dev.gort.internal.sched;

/**
 * A goroutine's scheduling state, Go's _Gidle.._Gdead (runtime2.go), reduced to the states a
 * virtual thread can be observed in. The string is what a traceback header prints when the
 * goroutine is not waiting (a waiting one prints its {@link WaitReason}).
 */
public enum Status {
    IDLE("idle"),
    RUNNABLE("runnable"),
    RUNNING("running"),
    SYSCALL("syscall"),
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
