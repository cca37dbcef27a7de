package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.template.SourceTemplate;

import java.time.Instant;

/**
 * What the owner of a source knows about it right after one of its polls: what its status record
 * tells.
 *
 * @param template            the template the source was polled with
 * @param poll                how the poll ended
 * @param started             when the poll started
 * @param ended               when it ended
 * @param consecutiveFailures failed polls in a row, this one included; 0 after a success
 * @param nextDue             when the next poll is due, or null if none is scheduled (paused, removed, cron without turns)
 * @param rhythm              when the source last showed new items, and its usual gap between them
 * @param latest              the items the source showed most recently
 * @param plan                why its next poll falls when it does, for a source polled to a freshness target; else null
 * @param push                its WebSub subscription, or null when it has none
 */
public record SourceReport(SourceTemplate template, PollResult poll, Instant started, Instant ended, int consecutiveFailures,
                           Instant nextDue, NewItemRhythm rhythm, LatestItems latest, PollPlan plan,
                           PushSubscriptions.Subscription push) {

    /** A report of a source no hub pushes. */
    public SourceReport(SourceTemplate template, PollResult poll, Instant started, Instant ended, int consecutiveFailures,
                        Instant nextDue, NewItemRhythm rhythm, LatestItems latest, PollPlan plan) {
        this(template, poll, started, ended, consecutiveFailures, nextDue, rhythm, latest, plan, null);
    }

    /** A report of a source polled at its interval or cron turns. */
    public SourceReport(SourceTemplate template, PollResult poll, Instant started, Instant ended, int consecutiveFailures,
                        Instant nextDue, NewItemRhythm rhythm, LatestItems latest) {
        this(template, poll, started, ended, consecutiveFailures, nextDue, rhythm, latest, null);
    }

    public String sourceId() {
        return template.id();
    }
}
