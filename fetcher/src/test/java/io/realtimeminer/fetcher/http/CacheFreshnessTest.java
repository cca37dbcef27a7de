package io.realtimeminer.fetcher.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CacheFreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void maxAgeLessItsAgeWinsOverExpires() {
        assertThat(CacheFreshness.of("public, max-age=300", "Mon, 23 Nov 2026 12:00:00 GMT", null, null, NOW))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(CacheFreshness.of("max-age=300, private=\"a, b\"", null, null, "120", NOW)).isEqualTo(Duration.ofMinutes(3));
        assertThat(CacheFreshness.of("MAX-AGE=\"60\"", null, null, null, NOW)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void expiresCountsFromTheServersDate() {
        assertThat(CacheFreshness.of(null, "Mon, 23 Nov 2026 09:10:00 GMT", "Mon, 23 Nov 2026 09:00:00 GMT", null, NOW))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(CacheFreshness.of("public", "Mon, 23 Nov 2026 10:30:00 GMT", null, null, NOW)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void noCacheNoStoreAPastOrInvalidExpiryAndNonsenseSayNothing() {
        assertThat(CacheFreshness.of("no-cache, max-age=600", null, null, null, NOW)).isNull();
        assertThat(CacheFreshness.of("no-store", "Mon, 23 Nov 2026 12:00:00 GMT", null, null, NOW)).isNull();
        assertThat(CacheFreshness.of(null, "0", null, null, NOW)).isNull();
        assertThat(CacheFreshness.of(null, "Mon, 23 Nov 2026 09:00:00 GMT", null, null, NOW)).isNull();
        assertThat(CacheFreshness.of("max-age=-5", null, null, null, NOW)).isNull();
        assertThat(CacheFreshness.of("max-age=0", null, null, null, NOW)).isNull();
        assertThat(CacheFreshness.of(null, null, null, null, NOW)).isNull();
    }

    @Test
    void aHugeMaxAgeIsADay() {
        assertThat(CacheFreshness.of("max-age=99999999999999999999", null, null, null, NOW)).isEqualTo(Duration.ofDays(1));
        assertThat(CacheFreshness.of("max-age=31536000", null, null, null, NOW)).isEqualTo(Duration.ofDays(1));
    }
}
