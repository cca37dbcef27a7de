package io.realtimeminer.control.alerting;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDelayTest {

    private static final Duration FIRST = Duration.ofSeconds(1);

    @Test
    void theWaitDoublesAfterEachFailureUpToAMinute() {
        assertThat(RetryDelay.after(1, FIRST, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryDelay.after(2, FIRST, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryDelay.after(4, FIRST, null)).isEqualTo(Duration.ofSeconds(8));
        assertThat(RetryDelay.after(7, FIRST, null)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryDelay.after(90, FIRST, null)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theReceiversRetryAfterWinsUpToFiveMinutes() {
        assertThat(RetryDelay.after(1, FIRST, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryDelay.after(1, FIRST, Duration.ZERO)).isZero();
        assertThat(RetryDelay.after(1, FIRST, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
    }
}
