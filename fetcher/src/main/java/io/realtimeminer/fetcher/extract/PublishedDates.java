package io.realtimeminer.fetcher.extract;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads publication times as pages and APIs write them: with the template's pattern when it has
 * one, else ISO-8601 (with or without offset, 'T' or a space), RFC 1123 (also with zone names) and
 * epoch seconds or milliseconds. Times without an offset are taken as UTC.
 */
public final class PublishedDates {

    private static final Pattern EPOCH = Pattern.compile("-?\\d{1,16}(\\.\\d+)?");
    /** Epoch values from here on are milliseconds: as seconds they would be after the year 5000. */
    private static final BigDecimal MILLIS_FROM = new BigDecimal("100000000000");

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final List<DateTimeFormatter> TEXTUAL = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy HH:mm[:ss] z", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy HH:mm[:ss] Z", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("[EEEE, ]MMMM d, yyyy[ h:mm[:ss] a]", Locale.ENGLISH));

    private PublishedDates() {
    }

    /**
     * @param text   the value as found, nullable
     * @param format a {@link DateTimeFormatter} pattern, nullable for the lenient defaults
     * @return empty when there is no value or it is not a date
     */
    public static Optional<Instant> parse(String text, String format) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        if (format != null) {
            return parse(value, DateTimeFormatter.ofPattern(format, Locale.ENGLISH));
        }
        if (EPOCH.matcher(value).matches()) {
            return epoch(new BigDecimal(value));
        }
        Optional<Instant> iso = parse(value, ISO);
        if (iso.isPresent()) {
            return iso;
        }
        return TEXTUAL.stream().map(formatter -> parse(value, formatter)).flatMap(Optional::stream).findFirst();
    }

    /** Epoch seconds, or milliseconds when the value is too large to be seconds. */
    static Optional<Instant> epoch(BigDecimal value) {
        BigDecimal millis = value.abs().compareTo(MILLIS_FROM) >= 0 ? value : value.movePointRight(3);
        try {
            return Optional.of(Instant.ofEpochMilli(millis.setScale(0, RoundingMode.HALF_UP).longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parse(String value, DateTimeFormatter formatter) {
        try {
            TemporalAccessor parsed = formatter.parseBest(value, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            Instant instant;
            if (parsed instanceof ZonedDateTime zoned) {
                instant = zoned.toInstant();
            } else if (parsed instanceof LocalDateTime local) {
                instant = local.toInstant(ZoneOffset.UTC);
            } else {
                instant = ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return storable(instant);
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Epoch seconds as an API gives them (Hacker News' {@code time}); empty when no item time can hold them. */
    public static Optional<Instant> epochSeconds(long seconds) {
        try {
            return storable(Instant.ofEpochSecond(seconds));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The instant if epoch milliseconds (an item's timestamp on the wire) can hold it: a date in the
     * year 999,999,999 parses, but would fail the item's serialization and so the whole poll.
     */
    private static Optional<Instant> storable(Instant instant) {
        try {
            instant.toEpochMilli();
            return Optional.of(instant);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
