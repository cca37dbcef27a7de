package io.realtimeminer.template;

import java.time.Duration;

/**
 * How fresh a source's items should be found, for a source polled adaptively (template member
 * {@code freshness}): the fetcher learns how often and when the source posts, and polls it as
 * often as needed to find each new item within {@code target}, seldom in its quiet hours, and
 * within its instance's poll budget (see docs/templates.md, "Freshness targets").
 *
 * @param target      the longest an item should wait to be found: the longest interval between two
 *                    polls while the source is expected to post
 * @param minInterval the shortest interval: a poll budget to spare never polls it more often
 * @param maxInterval the longest interval: in quiet hours, when a server hint asks for it, or when the
 *                    budget cannot serve every target, it is still polled at least this often
 * @param serverHints whether what the server says about its own freshness (Cache-Control max-age,
 *                    Expires, RSS ttl, skipHours, skipDays, sy:updatePeriod) may lengthen the wait,
 *                    up to the target (skip hours and days: up to {@code maxInterval})
 */
public record FreshnessTarget(Duration target, Duration minInterval, Duration maxInterval, boolean serverHints) {

    /** The longest interval of a source whose template names none: the target, or an hour if that is longer. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofHours(1);

    public FreshnessTarget {
        if (target == null || minInterval == null || maxInterval == null) {
            throw new IllegalArgumentException("target and bounds are required");
        }
        if (minInterval.compareTo(target) > 0 || target.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("must hold: min_interval <= freshness <= max_interval, not " + minInterval + " <= "
                    + target + " <= " + maxInterval);
        }
    }

    /** {@code d} within the bounds. */
    public Duration bounded(Duration d) {
        return d.compareTo(minInterval) < 0 ? minInterval : d.compareTo(maxInterval) > 0 ? maxInterval : d;
    }
}
