package io.realtimeminer.fetcher.http;

import io.realtimeminer.net.HttpDate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long a response says it stays fresh (RFC 9111, section 4.2.1): {@code Cache-Control: max-age}
 * less its {@code Age}, else {@code Expires} less {@code Date}. A server hint for adaptive polling:
 * polling again before then would most likely find the same document.
 */
public final class CacheFreshness {

    /** Longer hints are read as this: nothing is polled less often than daily because a server says so. */
    static final Duration LONGEST = Duration.ofDays(1);

    private CacheFreshness() {
    }

    /**
     * @param cacheControl the Cache-Control header, or null
     * @param expires      the Expires header, or null
     * @param date         the Date header, or null (then {@code now})
     * @param age          the Age header, or null
     * @return how long the response stays fresh from {@code now}, at most a day; null when it says
     *         nothing, or must not be reused ({@code no-cache}, {@code no-store}, an Expires in the past)
     */
    public static Duration of(String cacheControl, String expires, String date, String age, Instant now) {
        if (cacheControl != null) {
            Long maxAge = null;
            for (String directive : directives(cacheControl)) {
                String name = directive.contains("=") ? directive.substring(0, directive.indexOf('=')).strip() : directive.strip();
                name = name.toLowerCase(Locale.ROOT);
                if (name.equals("no-cache") || name.equals("no-store")) {
                    return null;
                }
                if (name.equals("max-age") && directive.contains("=")) {
                    maxAge = seconds(directive.substring(directive.indexOf('=') + 1));
                }
            }
            if (maxAge != null) {
                Long aged = age == null ? Long.valueOf(0) : seconds(age);
                return bounded(Duration.ofSeconds(maxAge - (aged == null ? 0 : aged)));
            }
        }
        if (expires == null) {
            return null;
        }
        Instant expiry = HttpDate.parse(expires);
        if (expiry == null) {
            // RFC 9111: an invalid Expires, "0" in particular, means already expired.
            return null;
        }
        Instant sent = HttpDate.parse(date);
        return bounded(Duration.between(sent != null ? sent : now, expiry));
    }

    private static Duration bounded(Duration fresh) {
        if (fresh.isNegative() || fresh.isZero()) {
            return null;
        }
        return fresh.compareTo(LONGEST) > 0 ? LONGEST : fresh;
    }

    /** The directives of a Cache-Control value, split at commas outside quoted strings. */
    private static List<String> directives(String value) {
        List<String> directives = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length() && i < 4096; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                directives.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        directives.add(current.toString());
        return directives;
    }

    /** A delta-seconds value (quotes tolerated); null when unreadable or negative; huge values are a day. */
    private static Long seconds(String text) {
        String digits = text.strip();
        if (digits.length() >= 2 && digits.startsWith("\"") && digits.endsWith("\"")) {
            digits = digits.substring(1, digits.length() - 1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return digits.length() > 9 ? LONGEST.toSeconds() : Long.parseLong(digits);
    }
}
