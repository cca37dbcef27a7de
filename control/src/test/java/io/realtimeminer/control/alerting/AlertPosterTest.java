package io.realtimeminer.control.alerting;

import io.realtimeminer.avro.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPosterTest {

    private static final Instant T = Instant.parse("2026-12-03T06:00:00Z");

    @Test
    void theLongestRunningLiveInstancePostsTiesGoingToTheSmallerId() {
        InstanceStatus old = instance("fetcher-b", "host-1", 11, T);
        InstanceStatus twin = instance("fetcher-a", "host-2", 12, T);
        InstanceStatus young = instance("fetcher-0", "host-1", 13, T.plusSeconds(60));
        List<InstanceStatus> live = List.of(young, old, twin);

        assertThat(AlertPoster.of(live)).contains(twin);
        assertThat(AlertPoster.isThisProcess(live, "host-2", 12)).isTrue();
        assertThat(AlertPoster.isThisProcess(live, "host-1", 11)).isFalse();
        assertThat(AlertPoster.isThisProcess(live, "host-1", 12)).isFalse();
        // The poster died (its heartbeat is no longer live): the next one takes over.
        assertThat(AlertPoster.isThisProcess(List.of(young, old), "host-1", 11)).isTrue();
        // No live heartbeat of this process: another one posts, or none.
        assertThat(AlertPoster.isThisProcess(List.of(), "host-1", 11)).isFalse();
    }

    private static InstanceStatus instance(String id, String host, long pid, Instant started) {
        return InstanceStatus.newBuilder().setInstanceId(id).setRole("fetcher").setHost(host).setPid(pid).setPool("default")
                .setVersion("dev").setStartedAt(started).setHeartbeatAt(T.plusSeconds(120)).setHeartbeatIntervalMs(5000).build();
    }
}
