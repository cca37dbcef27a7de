package io.realtimeminer.fetcher.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class NextTurnTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");

    @Test
    void turnsOfOneSourceAreOneIntervalApart() {
        Duration interval = Duration.ofSeconds(30);
        Instant first = PollScheduler.nextTurn("src", interval, NOW);
        Instant second = PollScheduler.nextTurn("src", interval, first);

        assertThat(first).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(interval));
        assertThat(Duration.between(first, second)).isEqualTo(interval);
    }

    @Test
    void tenThousandSourcesArrivingAtOnceSpreadOverTheInterval() {
        Duration interval = Duration.ofSeconds(60);
        int[] perSecond = new int[60];
        IntStream.range(0, 10_000).forEach(i -> {
            Instant due = PollScheduler.nextTurn("source-" + i, interval, NOW);
            perSecond[(int) (Duration.between(NOW, due).toMillis() / 1000) % 60]++;
        });
        // An even spread is ~167 polls per second; no second may carry a herd.
        assertThat(IntStream.of(perSecond).max().orElseThrow()).isLessThan(260);
        assertThat(IntStream.of(perSecond).min().orElseThrow()).isGreaterThan(90);
    }
}
