package io.realtimeminer.net;

import java.time.Duration;
import java.time.Instant;

/** Reads a Retry-After header: a number of seconds or an HTTP-date (RFC 9110, section 10.2.3). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @return how long to wait from {@code now}, at most {@code max}; null when the header is
     *         missing or unreadable (a broken header must not stop polling)
     */
    public static Duration parse(String value, Instant now, Duration max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        Duration wait;
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                wait = max; // more digits than a long holds: a very long wait
            }
        } else {
            Instant at = HttpDate.parse(text);
            if (at == null) {
                return null;
            }
            wait = Duration.between(now, at);
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
