package dev.gort.context;

import dev.gort.Go;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's afterFuncCtx (Go 1.21): a hidden child of the watched context whose cancellation starts
 * f in its own goroutine. {@link #claimed} is Go's {@code once}: whichever of the cancellation
 * and {@code stop} claims it first decides whether f runs.
 */
final class AfterFuncCtx extends CancelCtx {
    private final Runnable f;
    private final AtomicBoolean claimed = new AtomicBoolean();

    private AfterFuncCtx(Context ctx, Runnable f) {
        super(ctx);
        this.f = f;
    }

    static Context.StopFunc start(Context ctx, Runnable f) {
        AfterFuncCtx a = new AfterFuncCtx(ctx, f);
        a.propagateCancel();
        return () -> {
            boolean stopped = a.claimed.compareAndSet(false, true);
            if (stopped) a.cancel(true, Context.CANCELED, null); // leave the parent's children
            return stopped;
        };
    }

    @Override
    void cancel(boolean removeFromParent, ContextError err, Exception cause) {
        super.cancel(removeFromParent, err, cause);
        if (claimed.compareAndSet(false, true)) Go.go(f::run);
    }
}
