package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.LatestPerKeyWriter;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Fetch states on the compacted {@link Topics#FETCH_STATE} topic (Avro {@code SourceFetchState},
 * key = source id, tombstone = deleted), each in the partition number given by the caller (that of
 * the source's template). Writes go through an idempotent producer (acks=all) from a thread of
 * their own, so a poll never waits for Kafka or the registry; a source written again before its
 * previous state was sent is sent once, with the latest state; a write that fails (registry or
 * broker away) is tried again until it is stored or a newer one replaces it. Reads use a consumer
 * with assigned partitions (no group).
 */
public final class KafkaFetchStateStore implements FetchStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFetchStateStore.class);
    private final LatestPerKeyWriter<SourceFetchState> writer;
    private final Consumer<String, SourceFetchState> consumer;
    private final FetchStateTopic topic;

    public KafkaFetchStateStore(KafkaClients clients, String registryUrl, String clientId) {
        this(producer(clients, RegistrySerdes.<SourceFetchState>specific(registryUrl, false).serializer(), clientId),
                consumer(clients, RegistrySerdes.<SourceFetchState>specific(registryUrl, false).deserializer(), clientId),
                new FetchStateTopic(clients), clientId);
    }

    KafkaFetchStateStore(Producer<String, SourceFetchState> producer, Consumer<String, SourceFetchState> consumer,
                         FetchStateTopic topic, String clientId) {
        this.writer = new LatestPerKeyWriter<>(producer, Topics.FETCH_STATE, sourceId -> "the fetch state of " + sourceId,
                clientId + "-writer");
        this.consumer = consumer;
        this.topic = topic;
    }

    private static Producer<String, SourceFetchState> producer(KafkaClients clients, Serializer<SourceFetchState> values,
                                                               String clientId) {
        Map<String, Object> props = clients.producer(clientId);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 50);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Never stall the writer for long on a missing topic: the write is tried again anyway.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static Consumer<String, SourceFetchState> consumer(KafkaClients clients, Deserializer<SourceFetchState> values,
                                                               String clientId) {
        Map<String, Object> props = clients.consumer(null, clientId + "-restore");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    @Override
    public Map<Integer, Map<String, FetchState>> read(Collection<Integer> partitions, Duration timeout) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Instant deadline = Instant.now().plus(timeout);
        if (topic != null) {
            topic.ensure(partitions.stream().mapToInt(Integer::intValue).max().orElse(0) + 1, timeout);
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(Topics.FETCH_STATE, p)).toList();
        Map<Integer, Map<String, FetchState>> states = new HashMap<>();
        partitions.forEach(p -> states.put(p, new HashMap<>()));
        synchronized (consumer) {
            consumer.assign(assigned);
            try {
                consumer.seekToBeginning(assigned);
                Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, remaining(deadline));
                while (assigned.stream().anyMatch(tp -> consumer.position(tp, remaining(deadline)) < ends.get(tp))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(new TimeoutException("reading " + Topics.FETCH_STATE + " " + partitions
                                + " took longer than " + timeout));
                    }
                    poll(states);
                }
            } finally {
                consumer.unsubscribe();
            }
        }
        return states;
    }

    private void poll(Map<Integer, Map<String, FetchState>> states) {
        try {
            for (ConsumerRecord<String, SourceFetchState> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, FetchState> partition = states.get(record.partition());
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    partition.remove(record.key());
                } else {
                    partition.put(record.key(), FetchStateCodec.fromAvro(record.value()));
                }
            }
        } catch (RecordDeserializationException e) {
            if (RegistryErrors.registryUnavailable(e)) {
                // Every other record would wait for the registry too: give up on this restore at once.
                throw new IllegalStateException("the schema registry cannot serve us: " + RegistryErrors.describe(e), e);
            }
            // An unreadable state is no state: that source starts from scratch.
            LOG.warn("skipping an unreadable fetch state at {} offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void write(String sourceId, int partition, FetchState state) {
        writer.write(sourceId, partition, FetchStateCodec.toAvro(sourceId, state));
    }

    @Override
    public void delete(String sourceId, int partition) {
        writer.write(sourceId, partition, null);
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        return writer.flush(timeout);
    }

    @Override
    public void close() {
        writer.close();
        synchronized (consumer) {
            consumer.close(Duration.ofSeconds(5));
        }
        if (topic != null) {
            topic.close();
        }
    }
}
