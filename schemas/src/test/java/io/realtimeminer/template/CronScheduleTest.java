package io.realtimeminer.template;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @Test
    void computesTheNextRunInUtcWhateverTheZoneAsked() {
        CronSchedule everyFive = CronSchedule.parse(" */5 * * * * ");
        ZonedDateTime paris = ZonedDateTime.of(2025, 3, 1, 10, 2, 30, 0, ZoneId.of("Europe/Paris"));

        assertThat(everyFive.expression()).isEqualTo("*/5 * * * *");
        assertThat(everyFive.nextAfter(paris)).map(ZonedDateTime::toInstant)
                .contains(ZonedDateTime.of(2025, 3, 1, 9, 5, 0, 0, ZoneId.of("UTC")).toInstant());
        assertThat(CronSchedule.parse("0 9 * * 1").nextAfter(paris)).map(t -> t.getDayOfMonth()).contains(3);
    }

    @Test
    void findsTheShortestAndLongestGapsOfIrregularLists() {
        ZonedDateTime now = ZonedDateTime.of(2025, 3, 1, 10, 0, 30, 0, ZoneId.of("UTC"));
        CronSchedule.Gaps list = CronSchedule.parse("0,2,30 * * * *").gaps(now);
        assertThat(list.shortest()).isEqualTo(Duration.ofMinutes(2));
        assertThat(list.longest()).isEqualTo(Duration.ofMinutes(30));
        assertThat(CronSchedule.parse("0 0 30 2 *").gaps(now).shortest()).isNull();
    }

    @Test
    void countsTheWaitForTheFirstRunAsAGap() {
        ZonedDateTime now = ZonedDateTime.of(2025, 3, 1, 10, 0, 30, 0, ZoneId.of("UTC"));
        // 29 February: the next run is in 2028, and then every four years.
        assertThat(CronSchedule.parse("0 0 29 2 *").gaps(now).longest()).isGreaterThan(Duration.ofDays(365 * 3));
    }

    @Test
    void refusesWhatIsNotAUnixCronExpression() {
        assertThatThrownBy(() -> CronSchedule.parse("every minute")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse("* * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
