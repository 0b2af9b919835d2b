package dev.gort.internal.prof;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as runtime/pprof configures it (minwidth 1, tabwidth 8, padding 1,
 * padding with tabs, no flags), so that the legacy text profiles align exactly as Go's do.
 *
 * <p>Text is split into lines and cells at tabs; a cell followed by a tab is <em>terminated</em>
 * and belongs to a column. A column block is a run of adjacent lines that all have a terminated
 * cell in that column; every cell of a block is padded to the block's widest cell plus one,
 * rounded up to a multiple of 8, with tabs. Blocks nest column by column (Go's {@code format}).
 */
final class TabWriter {
    private static final int MIN_WIDTH = 1, TAB_WIDTH = 8, PADDING = 1;

    private final List<String[]> lines = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();

    /** Adds text, which may hold several lines; a trailing part without newline is an unterminated line. */
    void print(String text) {
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines.add(text.substring(start, i).split("\t", -1));
            start = i + 1;
        }
        if (start < text.length()) lines.add(text.substring(start).split("\t", -1));
    }

    /** The formatted text. */
    String flush() {
        format(0, lines.size());
        return out.toString();
    }

    private void format(int line0, int line1) {
        int column = widths.size();
        for (int i = line0; i < line1; i++) {
            if (column >= lines.get(i).length - 1) continue;
            writeLines(line0, i);
            line0 = i;
            int width = MIN_WIDTH;
            for (; i < line1; i++) {
                String[] cells = lines.get(i);
                if (column >= cells.length - 1) break;
                width = Math.max(width, cells[column].length() + PADDING);
            }
            widths.add(width);
            format(line0, i);
            widths.removeLast();
            line0 = i;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < widths.size() && j < cells.length - 1) pad(cells[j].length(), widths.get(j));
            }
            out.append('\n');
        }
    }

    private void pad(int textWidth, int cellWidth) {
        cellWidth = (cellWidth + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
        int n = cellWidth - textWidth;
        for (int k = (n + TAB_WIDTH - 1) / TAB_WIDTH; k > 0; k--) out.append('\t');
    }
}
