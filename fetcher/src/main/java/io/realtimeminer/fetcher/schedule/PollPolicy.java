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
 */
public record PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll, Duration takeoverCatchUp) {

    /** The default of {@link #takeoverCatchUp}: longer than a consumer session timeout plus a rebalance. */
    public static final Duration DEFAULT_TAKEOVER_CATCH_UP = Duration.ofSeconds(30);

    /** The documented defaults of {@code FetcherConfig}. */
    public static final PollPolicy DEFAULTS = new PollPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), 30);

    /** With the default takeover catch-up. */
    public PollPolicy(Duration backoffBase, Duration backoffMax, int detailsPerPoll) {
        this(backoffBase, backoffMax, detailsPerPoll, DEFAULT_TAKEOVER_CATCH_UP);
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
