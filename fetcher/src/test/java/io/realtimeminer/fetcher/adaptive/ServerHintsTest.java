package io.realtimeminer.fetcher.adaptive;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ServerHintsTest {

    private static final Instant MONDAY_0130 = Instant.parse("2026-11-23T01:30:00Z");

    @Test
    void aSkippedHourMovesThePollToTheNextAllowedHour() {
        ServerHints hints = new ServerHints(null, Set.of(1, 2), Set.of());

        assertThat(hints.firstAllowed(MONDAY_0130, MONDAY_0130.plus(Duration.ofHours(6)))).isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(hints.firstAllowed(MONDAY_0130, MONDAY_0130.plus(Duration.ofMinutes(40))))
                .as("never beyond the latest").isEqualTo(MONDAY_0130.plus(Duration.ofMinutes(40)));
        Instant allowed = Instant.parse("2026-11-23T05:17:00Z");
        assertThat(hints.firstAllowed(allowed, allowed.plus(Duration.ofHours(1)))).isEqualTo(allowed);
    }

    @Test
    void aSkippedDayMovesThePollToTheNextDaysFirstAllowedHour() {
        ServerHints hints = new ServerHints(null, Set.of(0), Set.of(DayOfWeek.MONDAY));

        assertThat(hints.firstAllowed(MONDAY_0130, MONDAY_0130.plus(Duration.ofDays(2)))).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
    }

    @Test
    void everyHourOrEveryDaySkippedIsNoHintAndHintsCombineTheLongerFreshness() {
        Set<Integer> all = IntStream.range(0, 24).boxed().collect(Collectors.toSet());
        assertThat(new ServerHints(null, all, Set.of()).skipHours()).isEmpty();
        assertThat(new ServerHints(null, Set.of(25, -1, 3), Set.of()).skipHours()).containsExactly(3);

        ServerHints both = ServerHints.freshFor(Duration.ofMinutes(5)).and(new ServerHints(Duration.ofMinutes(30), Set.of(4), Set.of()));
        assertThat(both.freshFor()).isEqualTo(Duration.ofMinutes(30));
        assertThat(both.skipHours()).containsExactly(4);
        assertThat(ServerHints.freshFor(Duration.ZERO)).isEqualTo(ServerHints.NONE);
    }
}
