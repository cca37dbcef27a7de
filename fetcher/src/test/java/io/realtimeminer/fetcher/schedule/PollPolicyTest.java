package io.realtimeminer.fetcher.schedule;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PollPolicyTest {

    private final PollPolicy policy = new PollPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), 30);

    @RepeatedTest(20)
    void backoffDoublesWithJitterUpToTheCap() {
        assertThat(policy.backoff(0)).isZero();
        assertThat(policy.backoff(1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(policy.backoff(2)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(policy.backoff(3)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(policy.backoff(10)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
        assertThat(policy.backoff(1_000)).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
    }
}
