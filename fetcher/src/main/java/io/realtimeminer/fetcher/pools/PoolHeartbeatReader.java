package io.realtimeminer.fetcher.pools;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.fetcher.sites.SiteShares;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Reads every instance's heartbeat from {@link Topics#INSTANCES} (from the start, then tailing it)
 * into a {@link PoolLiveness}: how a fetcher knows whether the pools a source prefers to its own
 * have a live instance; and into the {@link SiteShares}: what the other fetchers claim of each
 * site's request budget. No group, no commits: each fetcher reads the whole (compacted) topic.
 */
public final class PoolHeartbeatReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolHeartbeatReader.class);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<InstanceStatus> statuses;
    private final PoolLiveness liveness;
    private final SiteShares shares;
    private final Clock clock;
    private volatile boolean closed;

    public PoolHeartbeatReader(KafkaClients clients, String registryUrl, String clientId, PoolLiveness liveness, SiteShares shares) {
        this(consumer(clients, clientId), RegistrySerdes.<InstanceStatus>specific(registryUrl, false).deserializer(), liveness, shares,
                Clock.systemUTC());
    }

    PoolHeartbeatReader(Consumer<String, byte[]> consumer, Deserializer<InstanceStatus> statuses, PoolLiveness liveness,
                        SiteShares shares, Clock clock) {
        this.consumer = consumer;
        this.statuses = statuses;
        this.liveness = liveness;
        this.shares = shares;
        this.clock = clock;
    }

    private static Consumer<String, byte[]> consumer(KafkaClients clients, String clientId) {
        return new KafkaConsumer<>(clients.reader(clientId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.INSTANCES, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException(Topics.INSTANCES + " does not exist: the pipeline creates it (miner up)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!apply(record)) {
                        // Not the record's fault: read it (and those after it) again after a pause, rather than lose a heartbeat.
                        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                        sleep(Duration.ofSeconds(5));
                        break;
                    }
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

    /** Applies one heartbeat record; false when the registry cannot serve us now (the record is to be read again). */
    boolean apply(ConsumerRecord<String, byte[]> record) {
        try {
            InstanceStatus status = record.value() == null ? null : statuses.deserialize(record.topic(), record.value());
            liveness.heartbeat(record.key(), status, clock.instant());
            shares.heartbeat(record.key(), status);
        } catch (RuntimeException e) {
            if (RegistryErrors.registryUnavailable(e)) {
                LOG.warn("cannot read a heartbeat now ({}); reading it again in 5 s", RegistryErrors.describe(e));
                return false;
            }
            LOG.warn("skipping an unreadable heartbeat at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
        return true;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
