package io.realtimeminer.fetcher.pools;

import io.realtimeminer.avro.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoolLivenessTest {

    private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final List<String> EU_THEN_US = List.of("eu", "us");

    private final PoolLiveness liveness = new PoolLiveness(TIMEOUT, FAILOVER, START);

    @Test
    void aSourceMovesToTheNextPoolOnceItsPoolHasBeenGoneForTheFailoverTimeAndBackAtItsFirstHeartbeat() {
        liveness.heartbeat("eu-1", fetcher("eu-1", "eu", START), START);
        liveness.heartbeat("us-1", fetcher("us-1", "us", START), START);
        assertThat(liveness.polledBy(EU_THEN_US, "eu", START)).isTrue();
        assertThat(liveness.polledBy(EU_THEN_US, "us", START)).isFalse();

        // eu-1's last heartbeat was at START: alive until +15 s, gone since then; us takes over 30 s later.
        assertThat(liveness.alive("eu", START.plusSeconds(14))).isTrue();
        assertThat(liveness.alive("eu", START.plusSeconds(16))).isFalse();
        assertThat(liveness.polledBy(EU_THEN_US, "us", START.plusSeconds(44))).isFalse();
        assertThat(liveness.polledBy(EU_THEN_US, "us", START.plusSeconds(46))).isTrue();
        assertThat(liveness.serving("eu", START.plusSeconds(46))).isFalse();

        Instant back = START.plusSeconds(120);
        liveness.heartbeat("eu-2", fetcher("eu-2", "eu", back), back);
        assertThat(liveness.polledBy(EU_THEN_US, "us", back)).isFalse();
        assertThat(liveness.serving("eu", back)).isTrue();
    }

    @Test
    void aCleanStopCountsFromWhenItsTombstoneWasRead() {
        liveness.heartbeat("eu-1", fetcher("eu-1", "eu", START), START);
        Instant stopped = START.plusSeconds(5);
        liveness.heartbeat("eu-1", null, stopped);

        assertThat(liveness.alive("eu", stopped.plusMillis(1))).isFalse();
        assertThat(liveness.polledBy(EU_THEN_US, "us", stopped.plus(FAILOVER).minusMillis(1))).isFalse();
        assertThat(liveness.polledBy(EU_THEN_US, "us", stopped.plus(FAILOVER).plusMillis(1))).isTrue();
    }

    @Test
    void aPoolNotHeardFromCountsAsGoneSinceTheWatchBeganAndTopologiesAreNoPool() {
        liveness.heartbeat("topology-1", InstanceStatus.newBuilder(fetcher("topology-1", null, START)).setRole("topology").build(), START);

        assertThat(liveness.polledBy(EU_THEN_US, "us", START.plusSeconds(29))).as("it may not have read eu's heartbeats yet").isFalse();
        assertThat(liveness.polledBy(EU_THEN_US, "us", START.plusSeconds(31))).isTrue();
        assertThat(liveness.polledBy(EU_THEN_US, "asia", START.plusSeconds(31))).as("not one of its pools").isFalse();
        assertThat(liveness.serving("asia", START.plusSeconds(31))).as("a pool never heard from").isFalse();
        assertThat(liveness.polledBy(List.of("eu", "asia"), "asia", START.plusSeconds(31))).as("an asia fetcher, asking, polls it").isTrue();
    }

    @Test
    void anyLiveInstanceKeepsItsPoolServing() {
        liveness.heartbeat("eu-1", fetcher("eu-1", "eu", START), START);
        liveness.heartbeat("eu-2", fetcher("eu-2", "eu", START.plusSeconds(40)), START.plusSeconds(40));

        assertThat(liveness.alive("eu", START.plusSeconds(50))).isTrue();
        assertThat(liveness.polledBy(EU_THEN_US, "us", START.plusSeconds(60))).isFalse();
    }

    private static InstanceStatus fetcher(String id, String pool, Instant heartbeat) {
        return InstanceStatus.newBuilder().setInstanceId(id).setRole("fetcher").setHost("h").setPid(1).setPool(pool).setVersion("test")
                .setStartedAt(START).setHeartbeatAt(heartbeat).setHeartbeatIntervalMs(5_000).build();
    }
}
