package io.realtimeminer.template;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Templates that give a freshness target: its bounds, its defaults and every way to get it wrong. */
class FreshnessTemplateTest {

    private final TemplateParser parser = new TemplateParser(Duration.ofSeconds(5));

    @Test
    void aTargetAloneTakesTheDefaultBoundsAndIsPolledAtItUntilLearned() throws Exception {
        SourceTemplate t = parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"freshness\":\"PT60S\"}");

        assertThat(t.adaptive()).isTrue();
        assertThat(t.freshness()).isEqualTo(new FreshnessTarget(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofHours(1), true));
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void boundsAnIntervalToStartWithAndServerHintsAreReadAsGiven() throws Exception {
        SourceTemplate t = parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":120,"min_interval":"PT20S","max_interval":"PT6H",
                 "interval":"PT30S","server_hints":false}""");

        assertThat(t.freshness()).isEqualTo(new FreshnessTarget(Duration.ofMinutes(2), Duration.ofSeconds(20), Duration.ofHours(6), false));
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTargetLongerThanAnHourIsItsOwnLongestInterval() throws Exception {
        SourceTemplate t = parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"freshness\":\"PT3H\"}");

        assertThat(t.freshness().maxInterval()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aTemplateWithoutATargetIsPolledAtItsInterval() throws Exception {
        SourceTemplate t = parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":30}");

        assertThat(t.adaptive()).isFalse();
        assertThat(t.freshness()).isNull();
    }

    @Test
    void refusesBoundsThatContradictTheTargetWithEveryViolation() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":"PT1M","min_interval":"PT2M","max_interval":"PT30S"}"""));

        assertThat(e.violations()).extracting(TemplateViolation::toString).containsExactlyInAnyOrder(
                "$.min_interval: PT2M is longer than the freshness target PT1M",
                "$.max_interval: PT30S is shorter than the freshness target PT1M");
    }

    @Test
    void refusesAnIntervalOutsideTheBoundsATargetBelowTheMinimumAndBoundsWithoutATarget() {
        InvalidTemplateException outside = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":"PT1M","max_interval":"PT10M","interval":"PT1H"}"""));
        assertThat(outside.violations()).extracting(TemplateViolation::path).containsExactly("$.interval");

        InvalidTemplateException tooShort = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":"PT1S"}"""));
        assertThat(tooShort.violations()).extracting(TemplateViolation::toString)
                .containsExactly("$.freshness: PT1S is shorter than the minimum PT5S");

        InvalidTemplateException alone = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","min_interval":"PT10S","server_hints":true}"""));
        assertThat(alone.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder("$.min_interval", "$.server_hints");
        assertThat(alone.getMessage()).contains("applies only to a source with a \"freshness\" target");
    }

    @Test
    void refusesATargetBesideCronAndAHugeOne() {
        InvalidTemplateException cron = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":"PT1M","cron":"*/5 * * * *"}"""));
        assertThat(cron.violations()).extracting(TemplateViolation::path).containsExactly("$.freshness");

        InvalidTemplateException huge = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","freshness":1e300,"server_hints":"yes"}"""));
        assertThat(huge.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder("$.freshness", "$.server_hints");
    }
}
