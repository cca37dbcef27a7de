package io.realtimeminer.fetcher.adaptive;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a source's own history shows about its posting: how many items it posts per hour and at
 * which hours of the week (UTC), learned from the items its polls find (their published times
 * where they are plausible, else when they were found) and, at its first poll, from the dates of
 * the items it already lists. Counts decay with a half-life of {@link #HALF_LIFE}, so a source that
 * changes its habits is followed within weeks. Kept in the fetch state, so it survives a move to
 * another instance; it changes only when items are found, so polls that find nothing cost no write.
 *
 * @param updatedAt the end of the time observed so far, or null when nothing was observed yet
 * @param items     items seen, each weighted by its age at {@code updatedAt}
 * @param exposure  seconds observed, weighted the same way
 * @param slots     weighted items per UTC hour of the week, Monday 00:00 first (168 values)
 */
public record PostingModel(Instant updatedAt, double items, double exposure, double[] slots) {

    /** How fast old observations fade. */
    public static final Duration HALF_LIFE = Duration.ofDays(14);
    /** Hours in a week: the slots of the profile. */
    public static final int SLOTS = 168;
    /** Nothing observed yet. */
    public static final PostingModel NONE = new PostingModel(null, 0, 0, new double[SLOTS]);

    /** Time observed before the rate is trusted. */
    static final Duration LEARNING = Duration.ofMinutes(15);
    /** Items and time observed before the hour-of-day profile is trusted. */
    static final double PROFILE_ITEMS = 20;
    static final Duration PROFILE_TIME = Duration.ofDays(3);
    /** Time observed before the hour-of-week profile (weekends apart) is trusted instead of the hour-of-day one. */
    static final Duration WEEKLY_PROFILE_TIME = Duration.ofDays(14);
    /** Published times this far ahead of their discovery are clock skew, not the future. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** A backlog read at a first poll counts this far back at most. */
    private static final Duration BACKLOG = Duration.ofDays(30);
    private static final double HALF_LIFE_SECONDS = HALF_LIFE.toSeconds();
    /** Pseudo-items per slot, so that one empty hour in a short history is not "never". */
    private static final double SMOOTHING = 0.02;

    public PostingModel {
        if (slots == null || slots.length != SLOTS) {
            throw new IllegalArgumentException("a posting model has " + SLOTS + " hourly slots");
        }
        slots = slots.clone();
    }

    /** Whether anything was observed yet. */
    public boolean observed() {
        return updatedAt != null;
    }

    /**
     * The model once a poll that ended at {@code now} found new items with these published times
     * (null where an item tells none). The first observation reads the items' dates as the source's
     * recent history; later ones add the time since the last and the items found.
     */
    public PostingModel found(List<Instant> published, Instant now) {
        if (updatedAt == null) {
            return backlog(published, now);
        }
        if (!now.isAfter(updatedAt)) {
            return published.isEmpty() ? this : add(this, published, now, updatedAt.minus(Duration.ofDays(1)));
        }
        double decay = decay(Duration.between(updatedAt, now));
        double[] faded = slots.clone();
        for (int i = 0; i < SLOTS; i++) {
            faded[i] *= decay;
        }
        PostingModel aged = new PostingModel(now, items * decay, exposure * decay + exposureOver(Duration.between(updatedAt, now)), faded);
        // An item dated before the last observation by more than a day was not posted just now (a back-dated post).
        return add(aged, published, now, updatedAt.minus(Duration.ofDays(1)));
    }

    /** The first look at a source: the items it lists, with their dates, are its recent history. */
    private static PostingModel backlog(List<Instant> published, Instant now) {
        Instant oldest = now;
        int dated = 0;
        for (Instant at : published) {
            if (at != null && !at.isAfter(now.plus(SKEW)) && at.isAfter(now.minus(BACKLOG))) {
                oldest = at.isBefore(oldest) ? at : oldest;
                dated++;
            }
        }
        if (dated < 2) {
            // Too little to tell a rate from: observation starts now.
            return new PostingModel(now, 0, 0, new double[SLOTS]);
        }
        double[] slots = new double[SLOTS];
        double items = 0;
        for (Instant at : published) {
            if (at != null && !at.isAfter(now.plus(SKEW)) && !at.isBefore(oldest)) {
                double weight = decay(Duration.between(at.isAfter(now) ? now : at, now));
                slots[slot(at)] += weight;
                items += weight;
            }
        }
        // The oldest item marks where the time observed starts: n posts span n - 1 gaps.
        double oldestWeight = decay(Duration.between(oldest, now));
        return new PostingModel(now, Math.max(0, items - oldestWeight), exposureOver(Duration.between(oldest, now)), slots);
    }

    private static PostingModel add(PostingModel model, List<Instant> published, Instant now, Instant plausibleFrom) {
        double[] slots = model.slots.clone();
        double items = model.items;
        for (Instant at : published) {
            Instant when = at == null || at.isAfter(now.plus(SKEW)) || at.isBefore(plausibleFrom) ? now : at;
            double weight = decay(when.isAfter(now) ? Duration.ZERO : Duration.between(when, now));
            slots[slot(when)] += weight;
            items += weight;
        }
        return new PostingModel(model.updatedAt, items, model.exposure, slots);
    }

    /** Whether enough time was observed at {@code now} for {@link #rate} to be trusted. */
    public boolean learned(Instant now) {
        // Weighted time falls short of the wall time by a hair (0.003 % over 15 minutes).
        return updatedAt != null && exposureAt(now) >= LEARNING.toSeconds() * 0.999;
    }

    /**
     * Items per second on average at {@code now} (half an item is added to what was seen, so that a
     * source silent so far has a small rate, not none); NaN until {@link #learned}.
     */
    public double rate(Instant now) {
        if (!learned(now)) {
            return Double.NaN;
        }
        double decay = decay(Duration.between(updatedAt, now).isNegative() ? Duration.ZERO : Duration.between(updatedAt, now));
        return (items * decay + 0.5) / exposureAt(now);
    }

    /**
     * Items per second expected in the hour of {@code now}: {@link #rate} times how much busier than
     * average that hour of the day (of the week, once two weeks are known) has been; the average
     * until enough was seen.
     */
    public double rateInHour(Instant now) {
        double rate = rate(now);
        if (Double.isNaN(rate)) {
            return rate;
        }
        return rate * hourFactor(now);
    }

    /** How much busier than average the hour of {@code at} is (1 until the profile is trusted). */
    double hourFactor(Instant at) {
        double total = Arrays.stream(slots).sum();
        double observed = exposureAt(at);
        if (total < PROFILE_ITEMS || observed < PROFILE_TIME.toSeconds()) {
            return 1;
        }
        int slot = slot(at);
        if (observed >= WEEKLY_PROFILE_TIME.toSeconds()) {
            return SLOTS * (slots[slot] + SMOOTHING) / (total + SLOTS * SMOOTHING);
        }
        double hour = 0;
        for (int day = 0; day < 7; day++) {
            hour += slots[day * 24 + slot % 24];
        }
        return 24 * (hour + 7 * SMOOTHING) / (total + SLOTS * SMOOTHING);
    }

    /** Seconds observed up to {@code now}, weighted by age. */
    private double exposureAt(Instant now) {
        if (updatedAt == null) {
            return 0;
        }
        Duration since = Duration.between(updatedAt, now);
        if (since.isNegative()) {
            return exposure;
        }
        return exposure * decay(since) + exposureOver(since);
    }

    /** The weight at its end of an interval of {@code length}: the integral of the decay over it, in seconds. */
    private static double exposureOver(Duration length) {
        double seconds = length.toMillis() / 1000.0;
        return HALF_LIFE_SECONDS / Math.log(2) * (1 - Math.pow(2, -seconds / HALF_LIFE_SECONDS));
    }

    private static double decay(Duration age) {
        return Math.pow(2, -(age.toMillis() / 1000.0) / HALF_LIFE_SECONDS);
    }

    /** The UTC hour of the week of {@code at}, Monday 00:00 being 0. */
    static int slot(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return (utc.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + utc.getHour();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PostingModel that && Objects.equals(updatedAt, that.updatedAt)
                && Double.compare(items, that.items) == 0 && Double.compare(exposure, that.exposure) == 0
                && Arrays.equals(slots, that.slots);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(updatedAt, items, exposure) + Arrays.hashCode(slots);
    }

    @Override
    public double[] slots() {
        return slots.clone();
    }

    @Override
    public String toString() {
        return "PostingModel[updatedAt=" + updatedAt + ", items=" + items + ", exposure=" + exposure + "]";
    }
}
