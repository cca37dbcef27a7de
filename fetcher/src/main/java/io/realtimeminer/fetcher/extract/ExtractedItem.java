package io.realtimeminer.fetcher.extract;

import java.time.Instant;
import java.util.Map;

/**
 * One item as found in a document, before it gets an item id.
 *
 * @param sourceItemId the id the document gives the item (RSS guid, Atom id), nullable
 * @param url          absolute link, nullable
 * @param title        plain-text title, nullable
 * @param summary      plain-text summary, nullable
 * @param author       nullable
 * @param publishedAt  publication (or, lacking it, update) time, nullable
 * @param detailUrl    a document to fetch to complete the item (e.g. a Hacker News item's JSON), nullable;
 *                     see {@link ItemExtractor#complete}
 * @param fields       fields of the detail document beyond the item's own (a template's detail step
 *                     naming e.g. a score), plain text by name; empty when there are none
 */
public record ExtractedItem(String sourceItemId, String url, String title, String summary, String author, Instant publishedAt,
                            String detailUrl, Map<String, String> fields) {

    public ExtractedItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public ExtractedItem(String sourceItemId, String url, String title, String summary, String author, Instant publishedAt,
                         String detailUrl) {
        this(sourceItemId, url, title, summary, author, publishedAt, detailUrl, Map.of());
    }

    public ExtractedItem(String sourceItemId, String url, String title, String summary, String author, Instant publishedAt) {
        this(sourceItemId, url, title, summary, author, publishedAt, null);
    }

    /** This item known by another id of its own. */
    public ExtractedItem withSourceItemId(String id) {
        return new ExtractedItem(id, url, title, summary, author, publishedAt, detailUrl, fields);
    }

    /** This item with the document that completes it (see {@link ItemExtractor#complete}). */
    public ExtractedItem withDetailUrl(String url) {
        return new ExtractedItem(sourceItemId, this.url, title, summary, author, publishedAt, url, fields);
    }

    /** The best identity the document offers: its own id, else the link, else the title. */
    public String identity() {
        if (sourceItemId != null && !sourceItemId.isBlank()) {
            return sourceItemId;
        }
        if (url != null && !url.isBlank()) {
            return url;
        }
        return title;
    }
}
