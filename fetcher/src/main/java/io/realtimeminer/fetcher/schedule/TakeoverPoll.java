package io.realtimeminer.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * When a source taken over from another owner is polled first. Its turns keep their phase, so
 * normally that is its next turn. But an owner that died missed the turns between its last poll
 * and the takeover (a consumer session timeout later), and waiting for the next turn would add up
 * to a whole interval to the failover. So a source whose last turn lies within the catch-up window
 * and whose handed-over state shows no poll at or after that turn is polled at once, spread over
 * at most {@link #SPREAD} (by the source's phase) so that a large takeover does not go out in one
 * burst. After a clean handover the state holds the previous owner's last poll time
 * ({@code SourceState.finalState}), so a turn it polled is not polled again.
 */
final class TakeoverPoll {

    /** The longest a catch-up poll is put off, to spread the catch-up polls of one takeover. */
    static final Duration SPREAD = Duration.ofSeconds(2);

    private TakeoverPoll() {
    }

    /**
     * The catch-up poll time of a source polled every {@code interval}, or null if its next turn
     * will do.
     *
     * @param sourceId  the source (its phase)
     * @param interval  its poll interval
     * @param previous  what its previous owner handed over
     * @param notBefore no poll before this (backoff, Retry-After), or null
     * @param now       the time of the takeover
     * @param catchUp   how far back a missed turn is caught up; zero disables catching up
     */
    static Instant due(String sourceId, Duration interval, FetchState previous, Instant notBefore, Instant now, Duration catchUp) {
        if (catchUp.isZero() || notBefore != null && notBefore.isAfter(now)) {
            return null;
        }
        Instant lastTurn = PollScheduler.nextTurn(sourceId, interval, now).minus(interval);
        boolean polledThen = previous.lastPolledAt() != null && !previous.lastPolledAt().isBefore(lastTurn);
        if (polledThen || lastTurn.isBefore(now.minus(catchUp))) {
            return null;
        }
        long spread = Math.min(SPREAD.toMillis(), interval.toMillis() / 4);
        long offset = spread <= 0 ? 0 : Math.floorMod(PollScheduler.nextTurn(sourceId, interval, Instant.EPOCH).toEpochMilli(), spread);
        return now.plusMillis(offset);
    }
}
