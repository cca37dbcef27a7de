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
    void findsTheShortestGapOfIrregularLists() {
        ZonedDateTime now = ZonedDateTime.of(2025, 3, 1, 10, 0, 30, 0, ZoneId.of("UTC"));
        assertThat(CronSchedule.parse("0,2,30 * * * *").shortestGap(now)).contains(Duration.ofMinutes(2));
        assertThat(CronSchedule.parse("0 0 30 2 *").shortestGap(now)).isEmpty();
    }

    @Test
    void refusesWhatIsNotAUnixCronExpression() {
        assertThatThrownBy(() -> CronSchedule.parse("every minute")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse("* * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
