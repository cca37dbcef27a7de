package io.realtimeminer.fetcher.adaptive;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server says about when to ask again, as its last answer told it: how long the document
 * stays fresh (Cache-Control max-age, Expires, RSS {@code ttl}, {@code sy:updatePeriod} /
 * {@code sy:updateFrequency}; the longest of them), and the hours and days of the week, in UTC,
 * in which it asks not to be read (RSS {@code skipHours}, {@code skipDays}). Adaptive polling
 * respects them within the source's bounds; a source may opt out ({@code "server_hints": false}).
 *
 * @param freshFor  how long the document stays fresh after it was read, or null
 * @param skipHours UTC hours (0 to 23) in which not to poll
 * @param skipDays  days (UTC) on which not to poll
 */
public record ServerHints(Duration freshFor, Set<Integer> skipHours, Set<DayOfWeek> skipDays) {

    /** No hint. */
    public static final ServerHints NONE = new ServerHints(null, Set.of(), Set.of());

    public ServerHints {
        freshFor = freshFor == null || freshFor.isNegative() || freshFor.isZero() ? null : freshFor;
        skipHours = Set.copyOf(new TreeSet<>(skipHours.stream().filter(h -> h != null && h >= 0 && h < 24).toList()));
        skipDays = skipDays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skipDays));
        if (skipHours.size() == 24 || skipDays.size() == 7) {
            // "Never read me" is no hint a real-time miner can follow; the bounds still hold.
            skipHours = skipHours.size() == 24 ? Set.of() : skipHours;
            skipDays = skipDays.size() == 7 ? Set.of() : skipDays;
        }
    }

    /** Only a freshness hint. */
    public static ServerHints freshFor(Duration freshFor) {
        return new ServerHints(freshFor, Set.of(), Set.of());
    }

    /** The hints of both: the longer freshness, the skip hours and days of either. */
    public ServerHints and(ServerHints other) {
        if (other == null || other.equals(NONE)) {
            return this;
        }
        if (equals(NONE)) {
            return other;
        }
        Duration fresh = freshFor == null ? other.freshFor : other.freshFor == null ? freshFor
                : freshFor.compareTo(other.freshFor) >= 0 ? freshFor : other.freshFor;
        Set<Integer> hours = new TreeSet<>(skipHours);
        hours.addAll(other.skipHours);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        days.addAll(skipDays);
        days.addAll(other.skipDays);
        return new ServerHints(fresh, hours, days);
    }

    /**
     * {@code due}, or the start of the first hour from it that is neither a skipped hour nor on a
     * skipped day; never later than {@code latest}.
     */
    public Instant firstAllowed(Instant due, Instant latest) {
        if (skipHours.isEmpty() && skipDays.isEmpty()) {
            return due;
        }
        ZonedDateTime at = due.atZone(ZoneOffset.UTC);
        for (int hours = 0; hours < 24 * 8 && !at.toInstant().isAfter(latest); hours++) {
            if (!skipHours.contains(at.getHour()) && !skipDays.contains(at.getDayOfWeek())) {
                return at.toInstant();
            }
            at = at.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        }
        return latest;
    }
}
