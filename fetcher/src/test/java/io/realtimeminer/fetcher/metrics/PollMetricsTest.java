package io.realtimeminer.fetcher.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimeminer.fetcher.schedule.PollResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PollMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");

    @Test
    void aPollCountsByOutcomeAndRecordsItsItemsFreshnessPerPool() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PollMetrics metrics = new PollMetrics(registry, "eu");

        metrics.onPoll(new PollResult("a", PollResult.Outcome.ITEMS, T0, Duration.ofMillis(20), Duration.ofMillis(300), 200, 10, 3,
                null, 0, 0, 0, 0, null, 5_000, List.of(Duration.ofSeconds(30), Duration.ofSeconds(4))));
        metrics.onPoll(new PollResult("a", PollResult.Outcome.NOT_MODIFIED, T0, Duration.ZERO, Duration.ofMillis(40), 304, 0, 0, null));

        Timer freshness = registry.get("miner.item.freshness").tag("pool", "eu").timer();
        assertThat(freshness.count()).isEqualTo(2);
        assertThat(freshness.max(TimeUnit.SECONDS)).isEqualTo(30.0);
        assertThat(freshness.totalTime(TimeUnit.SECONDS)).isEqualTo(34.0);
        assertThat(registry.get("miner.items.new").tag("pool", "eu").counter().count()).isEqualTo(3);
        assertThat(registry.get("miner.items.found").tag("pool", "eu").counter().count()).isEqualTo(10);
        assertThat(registry.get("miner.polls").tag("pool", "eu").tag("outcome", "new_items").counter().count()).isEqualTo(1);
        assertThat(registry.get("miner.polls").tag("pool", "eu").tag("outcome", "not_modified").counter().count()).isEqualTo(1);
        assertThat(registry.get("miner.poll.duration").tag("pool", "eu").timer().count()).isEqualTo(2);
    }
}
