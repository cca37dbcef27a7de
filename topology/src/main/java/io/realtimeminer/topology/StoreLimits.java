package io.realtimeminer.topology;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps a record within what the database accepts before it leaves the pipeline, so that one
 * hostile item never reaches the sink as a row PostgreSQL refuses (a refused row is dead-lettered
 * by the sink, but then the item is lost). A date the source or page wrote is kept only when it is
 * plausible: after {@link #EARLIEST} and at most {@link #AHEAD} past now (a feed dated in the year
 * 300000, or one that PostgreSQL would store garbled before 4713 BC, is left out). NUL characters,
 * which no PostgreSQL text holds, are removed from every text. Each change is told as a warning.
 */
final class StoreLimits {

    /** The earliest plausible date of anything published on the web (and far within PostgreSQL's range). */
    static final Instant EARLIEST = Instant.parse("1800-01-01T00:00:00Z");
    /** How far in the future a source may date an item (scheduled posts, time-zone slips, events). */
    static final Duration AHEAD = Duration.ofDays(366);

    private StoreLimits() {
    }

    /** The date if plausible at {@code now}, else null with a warning naming {@code field}. */
    static Instant plausible(Instant date, String field, Instant now, List<String> warnings) {
        if (date == null || !date.isBefore(EARLIEST) && !date.isAfter(now.plus(AHEAD))) {
            return date;
        }
        warnings.add(field + " " + date + " is implausible (before " + EARLIEST + " or more than " + AHEAD.toDays()
                + " days ahead) and was left out");
        return null;
    }

    /**
     * Removes NUL characters from every text field (and every text of a list field) of the record,
     * in place, telling each field changed in {@code warnings}; {@code skip} names fields left alone.
     */
    static <T extends SpecificRecord> T withoutNul(T record, List<String> warnings, Set<String> skip) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (skip.contains(field.name())) {
                continue;
            }
            Object value = record.get(field.pos());
            if (value instanceof CharSequence text && text.toString().indexOf('\0') >= 0) {
                record.put(field.pos(), text.toString().replace("\0", ""));
                warnings.add("NUL characters removed from " + field.name());
            } else if (value instanceof List<?> list && list.stream().anyMatch(e -> e instanceof CharSequence t && t.toString().indexOf('\0') >= 0)) {
                List<Object> cleaned = new ArrayList<>(list.size());
                list.forEach(e -> cleaned.add(e instanceof CharSequence t ? t.toString().replace("\0", "") : e));
                record.put(field.pos(), cleaned);
                warnings.add("NUL characters removed from " + field.name());
            }
        }
        return record;
    }
}
