package io.realtimeminer.stack;

import org.apache.kafka.clients.admin.Admin;
import io.realtimeminer.kafka.KafkaClients;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Creates the pipeline's topics when they are missing, with the partitions and configuration the
 * caller asks for; an existing topic is left as it is.
 */
public final class PipelineTopics implements AutoCloseable {

    /** Topic configuration of a table-like topic that keeps the last value per key (e.g. templates). */
    public static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);

    private final Admin admin;
    private final Optional<Short> replicationFactor;

    /**
     * @param replicationFactor of the topics it creates; -1 takes the broker's default
     *                          (1 on the embedded broker)
     */
    public PipelineTopics(KafkaClients clients, short replicationFactor) {
        this.admin = Admin.create(clients.admin("miner-topics"));
        this.replicationFactor = replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor);
    }

    /** Creates {@code topic} unless it exists; returns whether it created it. */
    public boolean ensure(String topic, int partitions, Map<String, String> config) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replicationFactor).configs(config);
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
