package io.realtimeminer.control.deadletters;

import io.realtimeminer.avro.DeadLetterReplay;
import io.realtimeminer.control.kafka.AcknowledgedSend;
import io.realtimeminer.control.kafka.KafkaUnavailableException;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka access of the dead letters: reads a dead-letter topic's newest records and the replay
 * log, publishes copies and records each replay. Every read uses a consumer of its own, without a
 * group, for one API request (dead letters are few, and read seldom).
 */
public final class DeadLetterTopics implements DeadLetterRecords, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopics.class);
    /** How long a read or a write waits for Kafka. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final String clientId;
    private final Producer<byte[], byte[]> copies;
    private final Producer<String, DeadLetterReplay> log;
    private final Deserializer<DeadLetterReplay> replays;

    public DeadLetterTopics(KafkaClients clients, String registryUrl, String clientId) {
        this.clients = clients;
        this.clientId = clientId;
        this.copies = new KafkaProducer<>(clients.producer(clientId + "-replay"), new ByteArraySerializer(), new ByteArraySerializer());
        this.log = new KafkaProducer<>(clients.producer(clientId + "-replay-log"), new StringSerializer(),
                RegistrySerdes.<DeadLetterReplay>specific(registryUrl, false).serializer());
        this.replays = RegistrySerdes.<DeadLetterReplay>specific(registryUrl, false).deserializer();
    }

    @Override
    public List<ConsumerRecord<byte[], byte[]>> newest(String topic, int max) {
        try (Consumer<byte[], byte[]> consumer = consumer()) {
            return newest(consumer, topic, max);
        }
    }

    @Override
    public Map<String, DeadLetterReplay> replays() {
        Map<String, DeadLetterReplay> latest = new HashMap<>();
        try (Consumer<byte[], byte[]> consumer = consumer()) {
            for (ConsumerRecord<byte[], byte[]> record : newest(consumer, Topics.DEAD_LETTER_REPLAYS, Integer.MAX_VALUE)) {
                if (record.key() == null) {
                    continue;
                }
                String key = new String(record.key(), StandardCharsets.UTF_8);
                try {
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.merge(key, replays.deserialize(record.topic(), record.value()),
                                (older, newer) -> newer.getReplayedAt().isAfter(older.getReplayedAt()) ? newer : older);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("skipping an unreadable replay record of {}: {}", key, RegistryErrors.describe(e));
                }
            }
        }
        return latest;
    }

    @Override
    public RecordMetadata publish(ProducerRecord<byte[], byte[]> copy) {
        return AcknowledgedSend.send(copies, copy, TIMEOUT, "the copy of the letter to " + copy.topic());
    }

    @Override
    public void record(String letterKey, DeadLetterReplay replay) {
        AcknowledgedSend.send(log, new ProducerRecord<>(Topics.DEAD_LETTER_REPLAYS, letterKey, replay), TIMEOUT,
                "the record of the replay of " + letterKey);
    }

    private Consumer<byte[], byte[]> consumer() {
        Map<String, Object> settings = clients.consumer(null, clientId + "-dead-letters");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Letters parked by an exactly-once topology: only those of committed transactions are real.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The newest {@code max} records of each partition, newest first overall; empty when the topic does not exist. */
    private static List<ConsumerRecord<byte[], byte[]>> newest(Consumer<byte[], byte[]> consumer, String topic, int max) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, TIMEOUT);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s: " + e.getMessage());
        }
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - Math.min(max, end.get(tp))));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailableException("could not read " + topic + " within " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        records.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp()).reversed()
                .thenComparing(ConsumerRecord::partition).thenComparing(Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::offset).reversed()));
        return records;
    }

    @Override
    public void close() {
        copies.close(Duration.ofSeconds(5));
        log.close(Duration.ofSeconds(5));
    }
}
