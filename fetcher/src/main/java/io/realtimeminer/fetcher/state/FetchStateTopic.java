package io.realtimeminer.fetcher.state;

import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Topics#FETCH_STATE} topic: compacted, with at least as many partitions as the templates
 * topic (state partition p holds the sources of template partition p). {@code miner up} creates it
 * with the other topics; a fetcher creates it, or adds partitions to it, when it finds it missing or
 * short, e.g. on a cluster set up before the topic existed.
 */
public final class FetchStateTopic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FetchStateTopic.class);

    /**
     * Compacted, in segments that roll every 10 minutes so that the cleaner keeps a partition close
     * to one state per source and a new owner reads little.
     */
    public static final Map<String, String> CONFIG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.2");

    private final KafkaClients clients;
    private Admin admin;
    private int knownPartitions;

    FetchStateTopic(KafkaClients clients) {
        this.clients = clients;
    }

    /** Makes sure the topic has at least {@code partitions} partitions, and as many as the templates topic. */
    synchronized void ensure(int partitions, Duration timeout) {
        if (knownPartitions >= partitions) {
            return;
        }
        if (admin == null) {
            admin = Admin.create(clients.admin("miner-fetch-state-admin"));
        }
        try {
            int wanted = Math.max(partitions, describe(Topics.TEMPLATES, timeout).map(d -> d.partitions().size()).orElse(0));
            Optional<TopicDescription> state = describe(Topics.FETCH_STATE, timeout);
            if (state.isEmpty()) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.FETCH_STATE, Optional.of(wanted), Optional.empty()).configs(CONFIG)))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("created {} with {} partitions", Topics.FETCH_STATE, wanted);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } else if (state.get().partitions().size() < wanted) {
                admin.createPartitions(Map.of(Topics.FETCH_STATE, NewPartitions.increaseTo(wanted)))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("{} grown from {} to {} partitions, as many as {}", Topics.FETCH_STATE, state.get().partitions().size(),
                        wanted, Topics.TEMPLATES);
            }
            knownPartitions = wanted;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot check or create " + Topics.FETCH_STATE, e);
        }
    }

    private Optional<TopicDescription> describe(String topic, Duration timeout) throws Exception {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
