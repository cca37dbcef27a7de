package io.realtimeminer.fetcher.extract;

import java.time.Instant;

/**
 * One item as found in a document, before it gets an item id.
 *
 * @param sourceItemId the id the document gives the item (RSS guid, Atom id), nullable
 * @param url          absolute link, nullable
 * @param title        plain-text title, nullable
 * @param summary      plain-text summary, nullable
 * @param author       nullable
 * @param publishedAt  publication (or, lacking it, update) time, nullable
 */
public record ExtractedItem(String sourceItemId, String url, String title, String summary, String author, Instant publishedAt) {

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
