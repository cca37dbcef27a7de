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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads publication times as pages and APIs write them: with the template's pattern when it has
 * one, else ISO-8601 (with or without offset, 'T' or a space), RFC 1123 / RFC 822 (also with zone
 * names, and with French, German, Spanish, Portuguese, Italian or Dutch day and month names), day
 * first numeric dates ({@code 26/06/2017 10:00}, {@code 26.06.2017}) and epoch seconds or
 * milliseconds. Times without an offset are taken as UTC.
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
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy[ HH:mm[:ss]]", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("[EEEE, ]MMMM d, yyyy[ h:mm[:ss] a]", Locale.ENGLISH),
            // Day first, as most of the world writes it (a US month-first page needs the template's format).
            DateTimeFormatter.ofPattern("d/M/yyyy[ H:mm[:ss]]", Locale.ROOT),
            DateTimeFormatter.ofPattern("d.M.yyyy[ H:mm[:ss]]", Locale.ROOT),
            DateTimeFormatter.ofPattern("d-M-yyyy[ H:mm[:ss]]", Locale.ROOT));
    /** A leading day name ("Lun, ", "Mittwoch, "): English formats take one, other languages' are dropped. */
    private static final Pattern DAY_NAME = Pattern.compile("^\\p{L}+\\.?,?\\s+(?=\\d)");
    private static final Pattern WORD = Pattern.compile("\\p{L}+\\.?");

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
        Optional<Instant> textual = textual(value);
        return textual.isPresent() ? textual : textual(inEnglish(value));
    }

    private static Optional<Instant> textual(String value) {
        return TEXTUAL.stream().map(formatter -> parse(value, formatter)).flatMap(Optional::stream).findFirst();
    }

    /**
     * The date with French, German, Spanish, Portuguese, Italian or Dutch month names in English and
     * a day name of those languages dropped: "Lun, 26 juin 2017 10:00:00 +0200" as RFC 822 writes it.
     */
    static String inEnglish(String value) {
        String withoutDay = DAY_NAME.matcher(value).replaceFirst("").replaceAll("(\\d)\\.\\s", "$1 ");
        Matcher words = WORD.matcher(withoutDay);
        StringBuilder english = new StringBuilder();
        while (words.find()) {
            String month = MonthNames.english(words.group());
            words.appendReplacement(english, Matcher.quoteReplacement(month != null ? month : words.group()));
        }
        return words.appendTail(english).toString().replace(" de ", " ").replace(" del ", " ");
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
