package io.realtimeminer.fetcher.adaptive;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The next poll of an adaptively polled source, and why it falls then.
 *
 * @param due          when the next poll is due
 * @param interval     the wait planned from the last poll (before skip hours and days moved it)
 * @param reason       what set it
 * @param ratePerHour  the items per hour expected in the current hour, NaN while not learned
 * @param targetMet    whether the interval keeps within the source's freshness target
 */
public record PollPlan(Instant due, Duration interval, Reason reason, double ratePerHour, boolean targetMet) {

    /** What set the interval. */
    public enum Reason {
        /** Not learned yet: the template's interval, or its target. */
        LEARNING,
        /** The freshness target. */
        TARGET,
        /** More often than the target: the poll budget has polls to spare, and the source posts often. */
        BUDGET_SPARE,
        /** Less often than the target: the poll budget cannot serve every source's target. */
        BUDGET_SHORT,
        /** A learned quiet hour: the longest interval. */
        QUIET_HOUR,
        /** A server's freshness hint lengthened it (never beyond the target). */
        SERVER_HINT,
        /** The server asked not to be read in these hours or on this day (RSS skipHours, skipDays). */
        SERVER_SKIP,
        /**
         * Less often than planned: this instance's share of the site's request budget (shared with
         * the cluster) cannot serve all its sources of the site as planned.
         */
        SITE_BUDGET,
        /** A WebSub hub pushes the source: polled at the backup interval only, in case the hub misses an item. */
        PUSH;

        /** The name written in statuses: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * This plan with its wait stretched {@code factor} times (at least 1) by the site's request
     * budget: due as much later, and meeting the target only if the longer interval still does.
     */
    public PollPlan stretched(double factor, Duration target) {
        if (!(factor > 1)) {
            return this;
        }
        Duration longer = stretch(interval, factor);
        return new PollPlan(due.plus(longer.minus(interval)), longer, Reason.SITE_BUDGET, ratePerHour,
                targetMet && longer.compareTo(target) <= 0);
    }

    /** {@code interval} made {@code factor} times longer when that is more than 1, to the millisecond. */
    public static Duration stretch(Duration interval, double factor) {
        return factor > 1 ? Duration.ofMillis(Math.round(interval.toMillis() * factor)) : interval;
    }

    /** This plan for a source that a hub pushes: polled no more often than {@code backup}, meeting its target by push. */
    public PollPlan pushed(Duration backup) {
        Duration longer = interval.compareTo(backup) >= 0 ? interval : backup;
        return new PollPlan(due.plus(longer.minus(interval)), longer, Reason.PUSH, ratePerHour, true);
    }

    /** The mean wait of an item posted now before it is found: half the interval. */
    public Duration expectedFreshness() {
        return interval.dividedBy(2);
    }
}
