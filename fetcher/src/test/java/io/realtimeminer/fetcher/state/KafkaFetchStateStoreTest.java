package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.LatestItems;
import io.realtimeminer.fetcher.schedule.NewItemRhythm;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka store: writes coalesce and are tried again until stored; a read gives the latest state per source. */
class KafkaFetchStateStoreTest {

    /** Fails its first {@code failures} calls, as the registry serializer does while the registry is away. */
    private static final class FlakySerializer implements Serializer<SourceFetchState> {
        private final AtomicInteger failures;

        FlakySerializer(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public byte[] serialize(String topic, SourceFetchState state) {
            if (failures.getAndDecrement() > 0) {
                throw new SerializationException("registry away");
            }
            return state == null ? null : state.getEtag().getBytes(StandardCharsets.UTF_8);
        }
    }

    private MockProducer<String, SourceFetchState> producer;
    private final MockConsumer<String, SourceFetchState> consumer = new MockConsumer<>("earliest");
    private KafkaFetchStateStore store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aWriteThatFailedIsTriedAgainUntilStored() throws InterruptedException {
        start(new FlakySerializer(2));
        store.write("a", 3, state("\"v1\""));

        assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.FETCH_STATE);
            assertThat(record.partition()).isEqualTo(3);
            assertThat(record.key()).isEqualTo("a");
            assertThat(record.value().getEtag()).isEqualTo("\"v1\"");
        });
    }

    @Test
    void aNewerWriteReplacesAnOlderOneNotYetStored() throws InterruptedException {
        start(new FlakySerializer(1));
        store.write("a", 0, state("\"v1\""));
        store.write("a", 0, state("\"v2\""));
        store.delete("b", 1);

        assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
        List<ProducerRecord<String, SourceFetchState>> sent = producer.history();
        assertThat(sent).filteredOn(r -> r.key().equals("a")).last().satisfies(r -> assertThat(r.value().getEtag()).isEqualTo("\"v2\""));
        assertThat(sent).filteredOn(r -> r.key().equals("b")).singleElement().satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void readsTheLatestStateOfEverySourceOfThePartitionsAsked() {
        start(new FlakySerializer(0));
        TopicPartition p0 = new TopicPartition(Topics.FETCH_STATE, 0);
        TopicPartition p1 = new TopicPartition(Topics.FETCH_STATE, 1);
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
        consumer.updateEndOffsets(Map.of(p0, 4L, p1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(Topics.FETCH_STATE, 0, 0L, "a", FetchStateCodec.toAvro("a", state("\"v1\""))));
            consumer.addRecord(new ConsumerRecord<>(Topics.FETCH_STATE, 0, 1L, "b", FetchStateCodec.toAvro("b", state("\"b1\""))));
            consumer.addRecord(new ConsumerRecord<>(Topics.FETCH_STATE, 0, 2L, "a", FetchStateCodec.toAvro("a", state("\"v2\""))));
            consumer.addRecord(new ConsumerRecord<>(Topics.FETCH_STATE, 0, 3L, "b", null));
        });

        Map<Integer, Map<String, FetchState>> read = store.read(List.of(0, 1), Duration.ofSeconds(10));

        assertThat(read).containsOnlyKeys(0, 1);
        assertThat(read.get(0)).containsOnlyKeys("a");
        assertThat(read.get(0).get("a")).isEqualTo(state("\"v2\""));
        assertThat(read.get(1)).isEmpty();
        assertThat(consumer.assignment()).as("the consumer lets go of the partitions").isEmpty();
    }

    private void start(Serializer<SourceFetchState> values) {
        producer = new MockProducer<>(true, null, new StringSerializer(), values);
        store = new KafkaFetchStateStore(producer, consumer, null, "test-state");
    }

    private static FetchState state(String etag) {
        return new FetchState("http://h/feed", etag, null, List.of(new FetchState.Seen("a:01", 7L)), 1,
                Instant.parse("2026-01-01T00:00:30Z"), Instant.parse("2026-01-01T00:00:00Z"),
                new NewItemRhythm(Instant.parse("2025-12-31T23:00:00Z"), Duration.ofMinutes(47)),
                new LatestItems(List.of(new LatestItems.Item("a:01", "A", "http://h/a", null, Instant.parse("2025-12-31T23:00:00Z")))));
    }
}
