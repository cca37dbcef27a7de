package io.realtimeminer.fetcher.extract;

import io.realtimeminer.fetcher.adaptive.ServerHints;

import java.util.List;

/**
 * What one document yielded: its items in document order, what the template's author should
 * know about it (items skipped, values that could not be read), one line per kind of problem, and
 * what the document says about when to read it again (RSS ttl, skipHours...).
 */
public record Extraction(List<ExtractedItem> items, List<String> warnings, ServerHints hints) {

    public Extraction {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
        hints = hints == null ? ServerHints.NONE : hints;
    }

    /** A document that says nothing about when to read it again. */
    public Extraction(List<ExtractedItem> items, List<String> warnings) {
        this(items, warnings, ServerHints.NONE);
    }

    /** The same, with other items. */
    public Extraction withItems(List<ExtractedItem> items) {
        return new Extraction(items, warnings, hints);
    }

    public static Extraction of(List<ExtractedItem> items) {
        return new Extraction(items, List.of());
    }
}
