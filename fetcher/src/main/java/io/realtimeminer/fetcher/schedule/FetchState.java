package io.realtimeminer.fetcher.schedule;

import java.time.Instant;
import java.util.List;

/**
 * What an owner knows about polling one source, as handed to the next owner: the validators of
 * the last document it fully processed (with the URL they belong to), the items it sent most
 * recently (oldest first) with their fingerprints, failures in a row and the earliest next poll.
 *
 * @param url          the URL the validators belong to
 * @param etag         ETag of the last document fully processed, or null
 * @param lastModified Last-Modified of the last document fully processed, or null
 * @param seen         the items sent most recently, oldest first
 * @param failures     failed polls in a row
 * @param notBefore    no poll before this (backoff, Retry-After), or null
 * @param lastPolledAt when the poll that produced this state ended, or null
 */
public record FetchState(String url, String etag, String lastModified, List<Seen> seen, int failures, Instant notBefore,
                         Instant lastPolledAt) {

    /** An item sent, with the fingerprint of its content when sent. */
    public record Seen(String itemId, long fingerprint) {
    }

    public FetchState {
        seen = List.copyOf(seen);
    }

}
