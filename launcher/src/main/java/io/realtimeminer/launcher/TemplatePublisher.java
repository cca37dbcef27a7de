package io.realtimeminer.launcher;

import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** Writes templates and tombstones to {@link Topics#TEMPLATES}, as kafka-console-producer would. */
public final class TemplatePublisher implements AutoCloseable {

    private final Producer<String, String> producer;

    public TemplatePublisher(KafkaClients clients) {
        this.producer = new KafkaProducer<>(clients.producer("miner-templates-publisher"), new StringSerializer(), new StringSerializer());
    }

    /** Adds or replaces source {@code sourceId}; waits until Kafka has it. */
    public void put(String sourceId, String templateJson) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.TEMPLATES, sourceId, templateJson)).get();
    }

    /** Deletes source {@code sourceId}; waits until Kafka has the tombstone. */
    public void delete(String sourceId) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.TEMPLATES, sourceId, null)).get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
