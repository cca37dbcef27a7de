package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.template.CronSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTurnsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:17:42.500Z");

    @Test
    void turnsFallInTheMatchingMinutesAtTheSourcesOwnSecond() {
        CronTurns hourly = CronTurns.of("src", CronSchedule.parse("5 * * * *"));
        Instant first = hourly.next(NOW);
        Instant second = hourly.next(first);

        assertThat(first).isAfter(Instant.parse("2026-11-23T11:05:00Z").minusMillis(1)).isBefore(Instant.parse("2026-11-23T11:06:00Z"));
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyMinuteIsOneMinuteApartAndStrictlyAfter() {
        CronTurns minutely = CronTurns.of("src", CronSchedule.parse("* * * * *"));
        Instant first = minutely.next(NOW);

        assertThat(first).isAfter(NOW).isBeforeOrEqualTo(NOW.plusSeconds(60));
        assertThat(minutely.next(first)).isEqualTo(first.plusSeconds(60));
    }

    @Test
    void manySourcesOnOneCronSpreadOverTheMinute() {
        Set<Long> seconds = new HashSet<>();
        CronSchedule hourly = CronSchedule.parse("0 * * * *");
        IntStream.range(0, 1_000).forEach(i -> seconds.add(CronTurns.of("source-" + i, hourly).next(NOW).getEpochSecond() % 60));
        assertThat(seconds).hasSizeGreaterThan(55);
    }

    @Test
    void invalidExpressionsAreRejected() {
        assertThatThrownBy(() -> CronTurns.of("src", CronSchedule.parse("every minute"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronTurns.of("src", CronSchedule.parse("0 0 * * * *"))).isInstanceOf(IllegalArgumentException.class);
    }
}
