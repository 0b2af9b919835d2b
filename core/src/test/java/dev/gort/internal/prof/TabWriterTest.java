package dev.gort.internal.prof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Go's text/tabwriter(minwidth 1, tabwidth 8, padding 1, '\t'): the expected texts are what Go 1.19 prints for the same input. */
class TabWriterTest {
    @Test
    void columnsOfABlockAlignToTheWidestCellRoundedToTabStops() {
        TabWriter w = new TabWriter();
        w.print("1 @ 0x1 0x2\n#\t0x10001\tmain.f+0x1\tmain.go:3\n#\t0x2\tmain.longer_name+0x0\tmain.go:10\n\n");
        // column 1: widest "0x10001" (7) + 1 = 8 → one tab stop; column 2: widest 20 + 1 = 21 → 24, so 2 tabs after a 10-wide cell
        assertEquals("1 @ 0x1 0x2\n#\t0x10001\tmain.f+0x1\t\tmain.go:3\n#\t0x2\tmain.longer_name+0x0\tmain.go:10\n\n", w.flush());
    }

    @Test
    void blocksAreSeparatedByLinesWithoutTheColumn() {
        TabWriter w = new TabWriter();
        w.print("a\tb\nline\nlonger cell\tc\n");
        assertEquals("a\tb\nline\nlonger cell\tc\n", w.flush());
    }
}
