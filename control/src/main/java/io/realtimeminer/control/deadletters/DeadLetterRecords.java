package io.realtimeminer.control.deadletters;

import io.realtimeminer.avro.DeadLetterReplay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;
import java.util.Map;

/** Where dead letters and their replays are read and written (Kafka; a map in tests). */
public interface DeadLetterRecords {

    /** The newest {@code max} records of each partition of {@code topic}, newest first. */
    List<ConsumerRecord<byte[], byte[]>> newest(String topic, int max);

    /** The latest replay of each letter, by {@code topic-partition@offset}. */
    Map<String, DeadLetterReplay> replays();

    /** Publishes a copy; answers once it is stored. */
    RecordMetadata publish(ProducerRecord<byte[], byte[]> copy);

    /** Records a replay under the letter's {@code topic-partition@offset}. */
    void record(String letterKey, DeadLetterReplay replay);
}
