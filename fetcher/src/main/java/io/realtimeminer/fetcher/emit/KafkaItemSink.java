package io.realtimeminer.fetcher.emit;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Writes items to {@link Topics#ITEMS_RAW} with an idempotent producer (acks=all), keyed by item id. */
public final class KafkaItemSink implements ItemSink {

    private final Producer<String, RawItem> producer;

    public KafkaItemSink(KafkaClients clients, String registryUrl, String clientId) {
        Serializer<RawItem> values = RegistrySerdes.<RawItem>specific(registryUrl, false).serializer();
        Map<String, Object> props = clients.producer(clientId);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    }

    KafkaItemSink(Producer<String, RawItem> producer) {
        this.producer = producer;
    }

    @Override
    public CompletableFuture<Void> send(List<RawItem> items) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[items.size()];
        for (int i = 0; i < items.size(); i++) {
            RawItem item = items.get(i);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, item.getItemId(), item), (metadata, error) -> {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            });
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    /** The producer's own metrics (record send rate, errors, request latency, buffer use...), to bind to a registry. */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(producer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
