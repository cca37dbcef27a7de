package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.adaptive.PostingModel;
import io.realtimeminer.fetcher.push.PushSubscriptions;

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
 * @param rhythm       when the source last showed new items, and its usual gap between them
 * @param latest       the items the source showed most recently
 * @param posting      what its polls showed of its posting, what adaptive polling plans with
 * @param push         its WebSub subscription, or null
 */
public record FetchState(String url, String etag, String lastModified, List<Seen> seen, int failures, Instant notBefore,
                         Instant lastPolledAt, NewItemRhythm rhythm, LatestItems latest, PostingModel posting,
                         PushSubscriptions.Subscription push) {

    /** An item sent, with the fingerprint of its content when sent. */
    public record Seen(String itemId, long fingerprint) {
    }

    public FetchState {
        seen = List.copyOf(seen);
        rhythm = rhythm == null ? NewItemRhythm.NONE : rhythm;
        latest = latest == null ? LatestItems.NONE : latest;
        posting = posting == null ? PostingModel.NONE : posting;
    }

    /** A state without a WebSub subscription. */
    public FetchState(String url, String etag, String lastModified, List<Seen> seen, int failures, Instant notBefore,
                      Instant lastPolledAt, NewItemRhythm rhythm, LatestItems latest, PostingModel posting) {
        this(url, etag, lastModified, seen, failures, notBefore, lastPolledAt, rhythm, latest, posting, null);
    }

    /** A state with nothing learned about the source's posting (as states written before it was kept). */
    public FetchState(String url, String etag, String lastModified, List<Seen> seen, int failures, Instant notBefore,
                      Instant lastPolledAt, NewItemRhythm rhythm, LatestItems latest) {
        this(url, etag, lastModified, seen, failures, notBefore, lastPolledAt, rhythm, latest, PostingModel.NONE);
    }

    /** A state with nothing learned about the source's rhythm (as states written before it was kept). */
    public FetchState(String url, String etag, String lastModified, List<Seen> seen, int failures, Instant notBefore,
                      Instant lastPolledAt) {
        this(url, etag, lastModified, seen, failures, notBefore, lastPolledAt, NewItemRhythm.NONE, LatestItems.NONE, PostingModel.NONE);
    }

}
