package io.realtimeminer.fetcher.template;

import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends refused templates to {@link Topics#TEMPLATES_DLQ}, unchanged, with the reason and origin in headers. */
public final class TemplateDeadLetters implements AutoCloseable {

    private final Producer<String, String> producer;

    public TemplateDeadLetters(Producer<String, String> producer) {
        this.producer = producer;
    }

    /** @param reason why it was refused: every violation, or the failure that stopped it from being applied */
    public void send(ConsumerRecord<String, String> record, String reason) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.TEMPLATES_DLQ, record.key(), record.value());
        letter.headers()
                .add(Topics.ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.ORIGIN_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(letter);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
