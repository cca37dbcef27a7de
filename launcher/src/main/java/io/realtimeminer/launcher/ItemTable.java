package io.realtimeminer.launcher;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.text.Printable;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints items as a plain-text table, one line per item; long values are cut to fit a terminal
 * unless the table is wide. Columns are measured in terminal cells, so CJK titles (two cells a
 * character) keep the table aligned.
 */
final class ItemTable {

    private record Column(String header, int maxWidth, Function<RawItem, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("id", 24, RawItem::getSourceItemId),
            new Column("title", 60, RawItem::getTitle),
            new Column("link", 70, RawItem::getUrl),
            new Column("published", 20, item -> item.getPublishedAt() == null ? null
                    : item.getPublishedAt().truncatedTo(ChronoUnit.SECONDS).toString()),
            new Column("author", 20, RawItem::getAuthor));

    private ItemTable() {
    }

    /** @param wide whether values are printed whole instead of cut to their column's width */
    static void print(List<RawItem> items, PrintWriter out, boolean wide) {
        List<List<String>> rows = new ArrayList<>();
        for (RawItem item : items) {
            rows.add(COLUMNS.stream().map(column -> cell(Printable.of(column.value().apply(item)), wide ? Integer.MAX_VALUE
                    : column.maxWidth())).toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            widths[c] = COLUMNS.get(c).header().length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], cells(row.get(c)));
            }
        }
        int number = String.valueOf(items.size()).length();
        out.println(line(" ".repeat(number), COLUMNS.stream().map(Column::header).toList(), widths));
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(padLeft(String.valueOf(r + 1), number), rows.get(r), widths));
        }
        out.flush();
    }

    private static String line(String number, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(number);
        for (int c = 0; c < cells.size(); c++) {
            line.append("  ").append(c == cells.size() - 1 ? cells.get(c) : pad(cells.get(c), widths[c]));
        }
        return line.toString().stripTrailing();
    }

    /** The value on one line, cut with an ellipsis past {@code max} terminal cells; "-" for none. */
    static String cell(String value, int max) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        String oneLine = value.replaceAll("\\s+", " ").strip();
        if (cells(oneLine) <= max) {
            return oneLine;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < oneLine.length(); ) {
            int codePoint = oneLine.codePointAt(i);
            int width = cells(codePoint);
            if (used + width > max - 1) {
                break;
            }
            cut.appendCodePoint(codePoint);
            used += width;
            i += Character.charCount(codePoint);
        }
        return cut.append('…').toString();
    }

    /** Terminal cells the text takes. */
    static int cells(String text) {
        return text.codePoints().map(ItemTable::cells).sum();
    }

    /** Two cells for East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, most emoji), else one. */
    private static int cells(int c) {
        boolean wide = c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60 || c >= 0xFFE0 && c <= 0xFFE6
                || c >= 0x1F300 && c <= 0x1F64F || c >= 0x1F900 && c <= 0x1F9FF || c >= 0x20000 && c <= 0x3FFFD;
        return wide ? 2 : 1;
    }

    private static String padLeft(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - cells(value)));
    }
}
