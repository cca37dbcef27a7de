package io.realtimeminer.net;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("120", NOW, MAX)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW, MAX)).isZero();
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:02:30 GMT", NOW, MAX)).isEqualTo(Duration.ofSeconds(150));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", NOW, MAX)).isZero();
    }

    @Test
    void capsLongWaitsAndIgnoresGarbage() {
        assertThat(RetryAfter.parse("86400", NOW, MAX)).isEqualTo(MAX);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW, MAX)).isEqualTo(MAX);
        assertThat(RetryAfter.parse("soon", NOW, MAX)).isNull();
        assertThat(RetryAfter.parse("-5", NOW, MAX)).isNull();
        assertThat(RetryAfter.parse(null, NOW, MAX)).isNull();
    }
}
