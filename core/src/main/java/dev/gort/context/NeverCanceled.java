package dev.gort.context;

import dev.gort.Chan;
import dev.gort.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** What Background, TODO and WithoutCancel share: no deadline, a nil done channel, no error. */
abstract sealed class NeverCanceled implements Context permits EmptyCtx, WithoutCancelCtx {
    @Override
    public final Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public final RecvChan<Void> done() {
        return Chan.nil();
    }

    @Override
    public final ContextError err() {
        return null;
    }
}
