package io.realtimeminer.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * How one poll of a source ended. A failed poll is a value, not an exception: the scheduler
 * records it and polls the source again at its next turn.
 *
 * @param sourceId    the source
 * @param outcome     what happened
 * @param due         when the poll was due
 * @param scheduleLag how late the poll started compared to {@code due}
 * @param duration    from start to end of the poll
 * @param status      HTTP status, 0 if no response came
 * @param itemsFound  items in the document
 * @param itemsNew    items this instance had not sent before, now written to Kafka
 * @param error       what went wrong, for {@link Outcome#FAILED}
 */
public record PollResult(String sourceId, Outcome outcome, Instant due, Duration scheduleLag, Duration duration,
                         int status, int itemsFound, int itemsNew, String error) {

    public enum Outcome { ITEMS, NOT_MODIFIED, FAILED }
}
