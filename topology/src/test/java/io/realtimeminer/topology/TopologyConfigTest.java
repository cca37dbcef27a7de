package io.realtimeminer.topology;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyConfigTest {

    @Test
    void dedupeDefaultsToThirtyDaysAndTheDefaultTrackingList() {
        TopologyConfig config = new TopologyConfig(Map.of());
        assertThat(config.dedupeRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.canonicalUrl().of("https://example.com/a?utm_source=x&fbclid=y&id=1")).contains("https://example.com/a?id=1");
    }

    @Test
    void theTrackingListIsASetting() {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.DEDUPE_TRACKING_PARAMETERS, "sessionid, pk_*"));
        assertThat(config.canonicalUrl().of("https://example.com/a?sessionid=1&pk_kwd=2&utm_source=x"))
                .contains("https://example.com/a?utm_source=x");
    }

    @Test
    void runsExactlyOnce() {
        assertThat(new TopologyConfig(Map.of()).streamsProperties("dedupe"))
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.id", "miner-dedupe");
    }
}
