package io.realtimeminer.status;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.testing.ManualClock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceAnnouncerTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aHeartbeatTellsWhoTheInstanceIsAndItsPollRateAndACleanStopWritesATombstone() {
        Serializer<InstanceStatus> values = (topic, status) -> status == null ? null : new byte[]{1};
        MockProducer<String, InstanceStatus> producer = new MockProducer<>(true, null, new StringSerializer(), values);
        ManualClock clock = new ManualClock(T0);
        AtomicReference<InstanceFacts> facts = new AtomicReference<>(new InstanceFacts(0, 0, 0));
        InstanceAnnouncer announcer = new InstanceAnnouncer(producer,
                new InstanceAnnouncer.Identity("fetcher-1", "fetcher", "eu", "http://10.0.0.5:8090"), Duration.ofSeconds(5), facts::get, clock);

        clock.advance(Duration.ofSeconds(10));
        facts.set(new InstanceFacts(120, 600, 35));
        InstanceStatus status = announcer.status();

        assertThat(status.getInstanceId()).isEqualTo("fetcher-1");
        assertThat(status.getRole()).isEqualTo("fetcher");
        assertThat(status.getPool()).isEqualTo("eu");
        assertThat(status.getApiUrl()).isEqualTo("http://10.0.0.5:8090");
        assertThat(status.getPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.getHost()).isNotBlank();
        assertThat(status.getVersion()).isNotBlank();
        assertThat(status.getStartedAt()).isEqualTo(T0);
        assertThat(status.getHeartbeatAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(status.getHeartbeatIntervalMs()).isEqualTo(5000);
        assertThat(status.getSourcesOwned()).isEqualTo(120);
        assertThat(status.getPollsPerSecond()).isEqualTo(60.0);
        assertThat(status.getScheduleLagP99Ms()).isEqualTo(35);

        // The rate is over the time since the previous heartbeat.
        clock.advance(Duration.ofSeconds(5));
        facts.set(new InstanceFacts(120, 610, 35));
        assertThat(announcer.status().getPollsPerSecond()).isEqualTo(2.0);

        announcer.beat();
        announcer.close();
        assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("fetcher-1");
        ProducerRecord<String, InstanceStatus> last = producer.history().get(producer.history().size() - 1);
        assertThat(last.value()).as("the tombstone of a clean stop (the heartbeat before it may be coalesced away)").isNull();
    }
}
