package io.realtimeminer.fetcher.extract;

import java.util.List;

/**
 * What one document yielded: its items in document order, and what the template's author should
 * know about it (items skipped, values that could not be read), one line per kind of problem.
 */
public record Extraction(List<ExtractedItem> items, List<String> warnings) {

    public Extraction {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    public static Extraction of(List<ExtractedItem> items) {
        return new Extraction(items, List.of());
    }
}
