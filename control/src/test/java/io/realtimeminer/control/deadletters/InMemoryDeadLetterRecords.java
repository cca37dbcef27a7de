package io.realtimeminer.control.deadletters;

import io.realtimeminer.avro.DeadLetterReplay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dead-letter topics, copies and the replay log in memory, for tests. */
public final class InMemoryDeadLetterRecords implements DeadLetterRecords {

    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> topics = new HashMap<>();
    private final List<ProducerRecord<byte[], byte[]>> published = new ArrayList<>();
    private final Map<String, DeadLetterReplay> replays = new HashMap<>();

    /** Parks a record on {@code topic}, partition 0, at the next offset. */
    public InMemoryDeadLetterRecords park(String topic, long timestamp, String key, byte[] value, Map<String, String> headers) {
        List<ConsumerRecord<byte[], byte[]>> letters = topics.computeIfAbsent(topic, t -> new ArrayList<>());
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        letters.add(new ConsumerRecord<>(topic, 0, letters.size(), timestamp, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length(), value == null ? -1 : value.length,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, recordHeaders, Optional.empty()));
        return this;
    }

    public List<ProducerRecord<byte[], byte[]>> published() {
        return published;
    }

    @Override
    public List<ConsumerRecord<byte[], byte[]>> newest(String topic, int max) {
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>(topics.getOrDefault(topic, List.of()));
        letters.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp()).reversed());
        return letters.subList(0, Math.min(max, letters.size()));
    }

    @Override
    public Map<String, DeadLetterReplay> replays() {
        return Map.copyOf(replays);
    }

    @Override
    public RecordMetadata publish(ProducerRecord<byte[], byte[]> copy) {
        published.add(copy);
        return new RecordMetadata(new TopicPartition(copy.topic(), 0), published.size() - 1, 0, 0L, 0, 0);
    }

    @Override
    public void record(String letterKey, DeadLetterReplay replay) {
        replays.put(letterKey, replay);
    }
}
