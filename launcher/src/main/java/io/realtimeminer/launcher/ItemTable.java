package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.text.Printable;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Prints extracted items as a plain-text table, one line per item, long values cut to fit a terminal. */
final class ItemTable {

    private record Column(String header, int maxWidth, Function<ExtractedItem, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("id", 24, ExtractedItem::sourceItemId),
            new Column("title", 60, ExtractedItem::title),
            new Column("link", 70, ExtractedItem::url),
            new Column("published", 20, item -> item.publishedAt() == null ? null : item.publishedAt().truncatedTo(ChronoUnit.SECONDS).toString()),
            new Column("author", 20, ExtractedItem::author));

    private ItemTable() {
    }

    static void print(List<ExtractedItem> items, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (ExtractedItem item : items) {
            rows.add(COLUMNS.stream().map(column -> cell(Printable.of(column.value().apply(item)), column.maxWidth())).toList());
        }
        int[] widths = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            widths[c] = COLUMNS.get(c).header().length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
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

    /** The value on one line, cut with an ellipsis past {@code max} characters; "-" for none. */
    static String cell(String value, int max) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        String oneLine = value.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    private static String padLeft(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - value.length()));
    }
}
