package io.realtimeminer.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * When a source last showed new items, and its usual gap between such moments, learned from its
 * own history: an exponential moving average of the gaps, the mean time between posts (for posts
 * that come at random, a quiet spell four times as long happens about once in fifty gaps; a site
 * that posts in bursts keeps a usual gap long enough for the quiet between its bursts). Kept in
 * the fetch state, so that it survives a move to another owner.
 *
 * @param lastNewItemAt when a poll last found new items, or null if none did yet
 * @param usualGap      the learned gap, or null until two polls found new items
 */
public record NewItemRhythm(Instant lastNewItemAt, Duration usualGap) {

    /** Nothing learned yet. */
    public static final NewItemRhythm NONE = new NewItemRhythm(null, null);

    /** Weight of the newest gap in the average: the last ten or so gaps make up most of it. */
    private static final double NEWEST_WEIGHT = 0.2;

    /** The rhythm once a poll at {@code at} found new items. */
    public NewItemRhythm newItemsAt(Instant at) {
        if (lastNewItemAt == null) {
            return new NewItemRhythm(at, usualGap);
        }
        if (!at.isAfter(lastNewItemAt)) {
            return this;
        }
        long gap = Math.max(1, Duration.between(lastNewItemAt, at).toMillis());
        if (usualGap == null) {
            return new NewItemRhythm(at, Duration.ofMillis(gap));
        }
        double average = (1 - NEWEST_WEIGHT) * usualGap.toMillis() + NEWEST_WEIGHT * gap;
        return new NewItemRhythm(at, Duration.ofMillis(Math.round(average)));
    }

    /**
     * Whether the source has been quiet for {@code factor} times its usual gap at {@code now};
     * never before a usual gap was learned.
     */
    public boolean silentAt(Instant now, double factor) {
        if (lastNewItemAt == null || usualGap == null) {
            return false;
        }
        return Duration.between(lastNewItemAt, now).toMillis() > factor * usualGap.toMillis();
    }
}
