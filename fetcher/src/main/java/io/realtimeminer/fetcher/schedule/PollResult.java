package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.http.FailureKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one poll of a source ended. A failed poll is a value, not an exception: the scheduler
 * records it and polls the source again at its next turn (later if the source keeps failing or
 * the server sent Retry-After).
 *
 * @param sourceId      the source
 * @param outcome       what happened
 * @param due           when the poll was due
 * @param scheduleLag   how late the poll started compared to {@code due}
 * @param duration      from start to end of the poll
 * @param status        HTTP status, 0 if no response came
 * @param itemsFound    items in the document
 * @param itemsNew      items this instance had not sent before, now written to Kafka
 * @param error         what went wrong, readable as it is, for {@link Outcome#FAILED} ("HTTP 503 (Retry-After
 *                      120 s)", "blocked by robots.txt"); for a poll whose detail fetches failed, the first of
 *                      those failures
 * @param itemsChanged  known items sent again because their content changed (emit mode {@code changes})
 * @param detailsFetched detail documents fetched to complete new items
 * @param detailsFailed new items held back because their detail fetch failed; they are tried again at the next poll
 * @param itemsDropped  new items the extractor dropped on completion (e.g. deleted stories); remembered as seen
 * @param failure       what sort of failure ended a {@link Outcome#FAILED} poll; null for the others
 * @param bytes         size of the document read (decompressed), 0 when none was
 * @param freshness     for each new item that declares when it was published, how long after that this poll
 *                      found it (discovered - published, never below zero); none for the backlog a source shows
 *                      at its first poll, which says how old the source's items are, not how fresh the polling is
 */
public record PollResult(String sourceId, Outcome outcome, Instant due, Duration scheduleLag, Duration duration,
                         int status, int itemsFound, int itemsNew, String error,
                         int itemsChanged, int detailsFetched, int detailsFailed, int itemsDropped, FailureKind failure, long bytes,
                         List<Duration> freshness) {

    public enum Outcome { ITEMS, NOT_MODIFIED, FAILED }

    public PollResult {
        if (outcome == Outcome.FAILED && failure == null) {
            failure = FailureKind.OTHER;
        }
        if (outcome != Outcome.FAILED) {
            failure = null;
        }
        freshness = freshness == null ? List.of() : List.copyOf(freshness);
    }

    /** A poll without changed items or detail fetches. */
    public PollResult(String sourceId, Outcome outcome, Instant due, Duration scheduleLag, Duration duration,
                      int status, int itemsFound, int itemsNew, String error) {
        this(sourceId, outcome, due, scheduleLag, duration, status, itemsFound, itemsNew, error, 0, 0, 0, 0, null, 0, List.of());
    }
}
