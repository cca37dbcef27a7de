package io.realtimeminer.fetcher.command;

import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads {@link Topics#COMMANDS} for the sources this instance owns: the command partitions it
 * reads follow the template partitions its template consumer holds (the topics are co-partitioned,
 * so a source's command lands in the partition of its template). A partition newly taken is read
 * from {@link CommandInbox#LOOKBACK} back, so a command made while the source was between two
 * owners is not lost. No consumer group: the assignment is the template consumer's.
 */
public final class CommandConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<SourceCommand> commands;
    private final Supplier<Set<Integer>> ownedPartitions;
    private final CommandInbox inbox;
    private final Clock clock;
    private List<PartitionInfo> partitions;
    private boolean warnedMismatch;
    private volatile boolean closed;

    /**
     * @param ownedPartitions the template partitions this instance owns now
     * @param push            told what hubs said of the owned sources' WebSub subscriptions
     */
    public CommandConsumer(KafkaClients clients, String registryUrl, String clientId, Supplier<Set<Integer>> ownedPartitions,
                           PollNow scheduler, PushEvents push) {
        this.consumer = new KafkaConsumer<>(settings(clients, clientId), new StringDeserializer(), new ByteArrayDeserializer());
        this.commands = RegistrySerdes.<SourceCommand>specific(registryUrl, false).deserializer();
        this.ownedPartitions = ownedPartitions;
        this.clock = Clock.systemUTC();
        this.inbox = new CommandInbox(scheduler, push, clock);
    }

    private static Map<String, Object> settings(KafkaClients clients, String clientId) {
        Map<String, Object> settings = clients.consumer(null, clientId);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return settings;
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                if (!follow()) {
                    sleep();
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record);
                }
                inbox.retryWaiting();
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns the command partitions of the owned template partitions; false while the topic is unknown or none is owned. */
    private boolean follow() {
        if (partitions == null) {
            try {
                List<PartitionInfo> found = consumer.partitionsFor(Topics.COMMANDS, Duration.ofSeconds(10));
                partitions = found == null || found.isEmpty() ? null : found;
            } catch (TimeoutException e) {
                LOG.debug("no metadata of {} yet: {}", Topics.COMMANDS, e.getMessage());
            }
            if (partitions == null) {
                return false;
            }
        }
        Set<Integer> owned = ownedPartitions.get();
        boolean readAll = !owned.isEmpty() && !coPartitioned(owned);
        Set<TopicPartition> wanted = partitions.stream()
                .filter(p -> readAll || owned.contains(p.partition()))
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toSet());
        Set<TopicPartition> current = consumer.assignment();
        if (!wanted.equals(current)) {
            Set<TopicPartition> added = new HashSet<>(wanted);
            added.removeAll(current);
            consumer.assign(wanted);
            seekBack(added);
        }
        return !wanted.isEmpty();
    }

    /** Whether every owned template partition has its command partition (else every command partition is read). */
    private boolean coPartitioned(Set<Integer> owned) {
        boolean all = owned.stream().allMatch(p -> p < partitions.size());
        if (!all && !warnedMismatch) {
            warnedMismatch = true;
            LOG.warn("{} has {} partitions, fewer than {}: it should have as many; this instance reads all of them", Topics.COMMANDS,
                    partitions.size(), Topics.TEMPLATES);
        }
        return all;
    }

    private void seekBack(Set<TopicPartition> added) {
        if (added.isEmpty()) {
            return;
        }
        long from = clock.millis() - CommandInbox.LOOKBACK.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        added.forEach(tp -> times.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition tp : added) {
            OffsetAndTimestamp offset = offsets.get(tp);
            if (offset == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, offset.offset());
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            inbox.accept(commands.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            // One unreadable command costs itself, nothing else.
            LOG.warn("skipping an unreadable command for {} at {}-{}@{}: {}", record.key(), record.topic(), record.partition(),
                    record.offset(), RegistryErrors.describe(e));
        }
    }

    private void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
