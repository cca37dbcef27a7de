package io.realtimeminer.net;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP-date (RFC 9110, section 5.6.7) as headers such as Retry-After, Expires and Date carry it. */
public final class HttpDate {

    private HttpDate() {
    }

    /** The instant {@code text} names, or null when it is missing or not an HTTP-date (a broken header is no date). */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
