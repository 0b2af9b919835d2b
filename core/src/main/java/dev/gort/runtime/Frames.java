package dev.gort.runtime;

import dev.gort.internal.symtab.FuncInfo;
import dev.gort.internal.symtab.SymTab;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Go's {@code runtime.Frames}: function, file and line for the PCs {@link GoRuntime#callers}
 * returned, from {@link GoRuntime#callersFrames}. Use it as Go does,
 * <pre>{@code
 * for (;;) {
 *     Frames.Next n = frames.next();
 *     use(n.frame());
 *     if (!n.more()) break;
 * }
 * }</pre>
 * or as an {@code Iterable<Frame>} (each iteration starts from the frames not yet returned). The
 * JVM does not inline frames away, so each PC yields exactly one frame. Like Go's, a Frames is for
 * one goroutine at a time (not safe for concurrent use).
 */
public final class Frames implements Iterable<Frame> {
    private final long[] pcs;
    private int next;

    Frames(long[] pcs) {
        this.pcs = pcs;
    }

    /**
     * Go's {@code (*Frames).Next} results: the frame, and whether another call returns a valid one.
     *
     * @param frame the frame (the zero Frame after the last)
     * @param more whether the next call returns a valid frame
     */
    public record Next(Frame frame, boolean more) {}

    /**
     * Go's {@code (*Frames).Next}: the next frame; after the last, the zero Frame. {@code more}
     * says whether the next call returns a valid frame (not whether this one is).
     *
     * @return the frame and whether another follows
     */
    public Next next() {
        if (next >= pcs.length) return new Next(Frame.ZERO, false);
        Frame f = frame(pcs[next++]);
        return new Next(f, next < pcs.length);
    }

    static Frame frame(long pc) {
        FuncInfo fn = SymTab.func(pc);
        if (fn == null) return new Frame(pc, null, "", "", 0, 0);
        return new Frame(pc, new Func(fn), fn.name(), fn.file(), fn.line(SymTab.bci(pc)), fn.entry());
    }

    @Override
    public Iterator<Frame> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next < pcs.length;
            }

            @Override
            public Frame next() {
                if (!hasNext()) throw new NoSuchElementException();
                return Frames.this.next().frame();
            }
        };
    }
}
