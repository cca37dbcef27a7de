package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the templates, the source statuses, the instances' heartbeats and the fetch-now requests from the beginning of
 * their compacted topics into a {@link ClusterView}, then follows them; every instance runs one, so
 * every instance can answer for every source. No consumer group: it reads all partitions.
 */
public final class ClusterViewReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterViewReader.class);
    private static final List<String> TOPICS = List.of(Topics.TEMPLATES, Topics.SOURCE_STATUS, Topics.INSTANCES, Topics.COMMANDS);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<SourceStatus> statuses;
    private final Deserializer<InstanceStatus> instances;
    private final Deserializer<SourceCommand> commands;
    private final ClusterView view;
    private volatile boolean closed;

    public ClusterViewReader(KafkaClients clients, String registryUrl, String clientId, ClusterView view) {
        this(consumer(clients, clientId), RegistrySerdes.<SourceStatus>specific(registryUrl, false).deserializer(),
                RegistrySerdes.<InstanceStatus>specific(registryUrl, false).deserializer(),
                RegistrySerdes.<SourceCommand>specific(registryUrl, false).deserializer(), view);
    }

    ClusterViewReader(Consumer<String, byte[]> consumer, Deserializer<SourceStatus> statuses, Deserializer<InstanceStatus> instances,
                      Deserializer<SourceCommand> commands, ClusterView view) {
        this.consumer = consumer;
        this.statuses = statuses;
        this.instances = instances;
        this.commands = commands;
        this.view = view;
    }

    private static Consumer<String, byte[]> consumer(KafkaClients clients, String clientId) {
        return new KafkaConsumer<>(clients.reader(clientId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!view.isCaughtUp() && partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                    view.caughtUp();
                    LOG.debug("cluster view caught up: {} templates, {} instances", view.templates().size(), view.instances().size());
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The partitions of the three topics, once they all exist (the pipeline creates them). */
    private List<TopicPartition> awaitPartitions() {
        while (!closed) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean all = true;
            for (String topic : TOPICS) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                } catch (TimeoutException e) {
                    // Kafka not reachable (yet): keep asking until closed.
                    LOG.debug("no metadata of {} yet: {}", topic, e.getMessage());
                    infos = null;
                }
                if (infos == null || infos.isEmpty()) {
                    all = false;
                    break;
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (all) {
                return partitions;
            }
            LOG.debug("waiting for the topics {} to exist", TOPICS);
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        try {
            byte[] value = record.value();
            switch (record.topic()) {
                case Topics.TEMPLATES -> view.template(record.key(), value == null ? null : new String(value, StandardCharsets.UTF_8));
                case Topics.SOURCE_STATUS -> view.status(record.key(), value == null ? null : statuses.deserialize(record.topic(), value));
                case Topics.INSTANCES -> view.instance(record.key(), value == null ? null : instances.deserialize(record.topic(), value));
                case Topics.COMMANDS -> view.command(value == null ? null : commands.deserialize(record.topic(), value));
                default -> { }
            }
        } catch (RuntimeException e) {
            // One unreadable record costs its own entry, nothing else.
            LOG.warn("skipping an unreadable record of {} at {}-{}@{}: {}", record.key(), record.topic(), record.partition(),
                    record.offset(), RegistryErrors.describe(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
