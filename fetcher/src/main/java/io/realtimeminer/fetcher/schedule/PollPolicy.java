package io.realtimeminer.fetcher.schedule;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the scheduler treats a failing source and items that need a second fetch; the values come
 * from {@code FetcherConfig} ({@code poll.backoff.*}, {@code detail.max.per.poll}).
 *
 * @param backoffBase     wait after the first failure in a row, doubled with every further one
 * @param backoffMax      the longest wait
 * @param detailsPerPoll  detail fetches per poll at most (the template's {@code extract.limit} bounds them too)
 * @param takeoverCatchUp a source taken over whose last turn lies this far back at most, and that
 *                        its previous owner did not poll at that turn, is polled at once (see
 *                        {@link TakeoverPoll}); zero waits for the next turn
 * @param parseShare      the share of one parse thread a source may use over time: after a poll whose
 *                        document took {@code t} to read, its next poll waits at least {@code t / parseShare}
 *                        (see {@link #parseHold}); 0 sets no bound
 * @param pollBudget      polls per second this instance may make; shared among its sources polled to a
 *                        freshness target (see {@code PollBudget}); 0 for none: each such source is polled at its target
 */
public record PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll, Duration takeoverCatchUp, double parseShare,
                         double pollBudget) {

    /** The default of {@link #takeoverCatchUp}: longer than a consumer session timeout plus a rebalance. */
    public static final Duration DEFAULT_TAKEOVER_CATCH_UP = Duration.ofSeconds(30);
    /** The setting of {@link #pollBudget}. */
    public static final String POLL_BUDGET_SETTING = "poll.budget.per.second";
    /** The setting of {@link #parseShare}. */
    public static final String PARSE_SHARE_SETTING = "poll.parse.share";
    /** The default of {@link #parseShare}: a source whose document takes 1 s to read is polled at most every 50 s. */
    public static final double DEFAULT_PARSE_SHARE = 0.02;

    public PollPolicy {
        if (parseShare < 0 || parseShare > 1) {
            throw new IllegalArgumentException("parseShare must be from 0 to 1, not " + parseShare);
        }
        if (!(pollBudget >= 0) || Double.isInfinite(pollBudget)) {
            throw new IllegalArgumentException("pollBudget must be a number of polls per second (0 for none), not " + pollBudget);
        }
    }

    /** Without a poll budget. */
    public PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll, Duration takeoverCatchUp, double parseShare) {
        this(backoffBase, backoffMax, detailsPerPoll, takeoverCatchUp, parseShare, 0);
    }

    /** The same, with a poll budget of {@code pollsPerSecond} (0 for none). */
    public PollPolicy withPollBudget(double pollsPerSecond) {
        return new PollPolicy(backoffBase, backoffMax, detailsPerPoll, takeoverCatchUp, parseShare, pollsPerSecond);
    }

    /** The documented defaults of {@code FetcherConfig}. */
    public static final PollPolicy DEFAULTS = new PollPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), 30);

    /** With the default takeover catch-up and parse share. */
    public PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll) {
        this(backoffBase, backoffMax, detailsPerPoll, DEFAULT_TAKEOVER_CATCH_UP);
    }

    /** With the default parse share. */
    public PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll, Duration takeoverCatchUp) {
        this(backoffBase, backoffMax, detailsPerPoll, takeoverCatchUp, DEFAULT_PARSE_SHARE);
    }

    /**
     * How long after a poll whose document took {@code parseTime} to read the source's next poll
     * waits at least: {@code parseTime / parseShare}, so that no source takes more than its share of
     * the parse threads however often it asks to be polled (a 50,000-item feed every 30 s would take
     * one core alone). Zero without a bound.
     */
    public Duration parseHold(Duration parseTime) {
        if (parseShare == 0 || parseTime.isNegative() || parseTime.isZero()) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round(parseTime.toMillis() / parseShare));
    }

    /**
     * The least wait before the next poll of a source that failed {@code failures} times in a row:
     * {@code min(max, base * 2^(failures-1))}, of which the upper half is random so that sources of
     * one failing host do not return in step. Zero after a success.
     */
    public Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long base = backoffBase.toMillis();
        long cap = backoffMax.toMillis();
        long full = Math.min(base, cap);
        for (int i = 1; i < failures && full < cap; i++) {
            full = full > cap / 2 ? cap : full * 2;
        }
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }
}
