package io.realtimeminer.control;

import io.realtimeminer.avro.SourceStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * New items per minute across the cluster, from the polls' status records (each tells how many
 * new items its poll sent, and when it ended): the dashboard's items-per-minute chart. Keeps the
 * last {@link #KEPT} minutes that any poll ended in.
 */
public final class ItemRate {

    /** How many minutes are kept. */
    public static final int KEPT = 120;

    /** One minute: when it starts, and the new items of the polls that ended in it. */
    public record Minute(Instant start, long items) {
    }

    private final ConcurrentSkipListMap<Instant, Long> minutes = new ConcurrentSkipListMap<>();

    /** Counts a poll's new items in the minute it ended. */
    public void polled(SourceStatus status) {
        if (status.getPollEnded() == null || status.getItemsNew() <= 0) {
            return;
        }
        Instant minute = status.getPollEnded().truncatedTo(ChronoUnit.MINUTES);
        minutes.merge(minute, (long) status.getItemsNew(), Long::sum);
        while (minutes.size() > KEPT) {
            minutes.pollFirstEntry();
        }
    }

    /** The last {@code count} minutes up to the one {@code now} is in, oldest first, empty minutes as 0. */
    public List<Minute> last(int count, Instant now) {
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        List<Minute> result = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            Instant start = current.minus(Duration.ofMinutes(i));
            result.add(new Minute(start, minutes.getOrDefault(start, 0L)));
        }
        return result;
    }
}
