package io.realtimeminer.control;

import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SourceStatesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final ControlSettings SETTINGS = new ControlSettings(true, "127.0.0.1", 0, List.of(), 3, Duration.ofMinutes(1), 4,
            Duration.ofSeconds(30));
    private static final SourceTemplate TEMPLATE = new SourceTemplate("s", "s", URI.create("https://s.example/feed"), SourceKind.FEED,
            Duration.ofSeconds(10), true, List.of(), Map.of());

    private final SourceStates states = new SourceStates(SETTINGS, Duration.ofSeconds(20));

    @Test
    void aSourceIsUnownedOnlyWhenNoHeartbeatAndNoRecentPollShowAnOwner() {
        assertThat(states.of(TEMPLATE, polledAt(NOW.minusSeconds(5)), Set.of("default"), NOW)).isEqualTo(SourceState.OK);
        // The pool's heartbeats lag (a loaded owner), but the source was just polled: someone owns it.
        assertThat(states.of(TEMPLATE, polledAt(NOW.minusSeconds(5)), Set.of(), NOW)).isEqualTo(SourceState.OK);
        assertThat(states.of(TEMPLATE, polledAt(NOW.minusSeconds(60)), Set.of(), NOW)).isEqualTo(SourceState.UNOWNED);
        assertThat(states.of(TEMPLATE, null, Set.of(), NOW)).isEqualTo(SourceState.UNOWNED);
        assertThat(states.of(TEMPLATE, null, Set.of("default"), NOW)).isEqualTo(SourceState.OK);
    }

    private static SourceStatus polledAt(Instant ended) {
        return SourceStatus.newBuilder().setSourceId("s").setInstanceId("f").setPool("default").setKind("feed")
                .setUrl("https://s.example/feed").setPollStarted(ended.minusMillis(100)).setPollEnded(ended).setOutcome("unchanged")
                .setLatencyMs(100).setNextDue(NOW.plusSeconds(5)).build();
    }
}
