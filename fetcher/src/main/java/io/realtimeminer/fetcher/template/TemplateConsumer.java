package io.realtimeminer.fetcher.template;

import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.fetcher.state.FetchStateJournal;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.text.Printable;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Member of the fetchers' consumer group on the templates topic. On assignment it re-reads each
 * partition from the start to learn its sources, then tails it; on revocation it drops them. The
 * committed offset only marks how far templates were already judged, so a refused template is
 * sent to the dead-letter topic once, not at every re-read. Through the {@link FetchStateJournal}
 * a source's fetch state follows it from owner to owner: read on assignment before the source's
 * first poll, stored before a revocation completes, deleted with the template.
 */
public final class TemplateConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateConsumer.class);
    /** How long a revocation waits for the polls under way of the sources it takes away. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /** How often the sources that name several pools are routed again. */
    private static final Duration REROUTE_EVERY = Duration.ofSeconds(1);

    private final Consumer<String, String> consumer;
    private final TemplateParser parser;
    private final PollScheduler scheduler;
    private final TemplateDeadLetters deadLetters;
    private final String pool;
    private final FetchStateJournal journal;
    private final Map<TopicPartition, Set<String>> sourcesByPartition = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> judgedUpTo = new HashMap<>();
    /** Templates of owned partitions that name this pool after another (fallback): their poller may change with the pools' liveness. */
    private final Map<String, Fallback> fallbacks = new HashMap<>();
    private final PoolRouting routing;
    private long nextReroute;
    private volatile boolean running = true;

    /** Which pool polls a source that names several; the default: always the first. */
    @FunctionalInterface
    public interface PoolRouting {

        PoolRouting FIRST_ONLY = (template, self) -> template.pool().equals(self);

        /** Whether an instance of {@code self} polls {@code template} now. */
        boolean polls(SourceTemplate template, String self);
    }

    private record Fallback(SourceTemplate template, TopicPartition partition, Instant updatedAt) {
    }

    /** A member of the default pool. */
    public TemplateConsumer(Consumer<String, String> consumer, TemplateParser parser, PollScheduler scheduler,
                            TemplateDeadLetters deadLetters) {
        this(consumer, parser, scheduler, deadLetters, SourceTemplate.DEFAULT_POOL);
    }

    /**
     * @param pool the pool this instance serves: it polls only the sources whose template names
     *             this pool (templates without a pool belong to the default pool). Each pool has
     *             its own consumer group, so every pool's instances see every template.
     */
    public TemplateConsumer(Consumer<String, String> consumer, TemplateParser parser, PollScheduler scheduler,
                            TemplateDeadLetters deadLetters, String pool) {
        this(consumer, parser, scheduler, deadLetters, pool, FetchStateJournal.disabled());
    }

    /**
     * As above, handing the fetch state of sources over through {@code journal} (which must also be
     * the scheduler's state listener).
     */
    public TemplateConsumer(Consumer<String, String> consumer, TemplateParser parser, PollScheduler scheduler,
                            TemplateDeadLetters deadLetters, String pool, FetchStateJournal journal) {
        this(consumer, parser, scheduler, deadLetters, pool, journal, PoolRouting.FIRST_ONLY);
    }

    /**
     * As above, with sources that name several pools polled by this instance when {@code routing}
     * says so; it is asked again every second, so they move as the pools' liveness changes.
     */
    public TemplateConsumer(Consumer<String, String> consumer, TemplateParser parser, PollScheduler scheduler,
                            TemplateDeadLetters deadLetters, String pool, FetchStateJournal journal, PoolRouting routing) {
        this.routing = routing;
        this.journal = journal;
        this.consumer = consumer;
        this.parser = parser;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.pool = pool;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.TEMPLATES), new Rebalance());
            while (running) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    apply(record);
                }
                if (!records.isEmpty()) {
                    commitPositions();
                }
                if (System.nanoTime() - nextReroute >= 0) {
                    reroute();
                    nextReroute = System.nanoTime() + REROUTE_EVERY.toNanos();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** The partitions this instance owns and the sources in each. */
    public Map<TopicPartition, Set<String>> ownership() {
        Map<TopicPartition, Set<String>> copy = new HashMap<>();
        sourcesByPartition.forEach((tp, ids) -> copy.put(tp, Set.copyOf(ids)));
        return copy;
    }

    /** The numbers of the template partitions this instance owns. */
    public Set<Integer> ownedPartitions() {
        Set<Integer> owned = new HashSet<>();
        sourcesByPartition.keySet().forEach(tp -> owned.add(tp.partition()));
        return owned;
    }

    /**
     * Applies one template record. Nothing one record holds may stop the consumer: a refused
     * template is dead-lettered and its previous version keeps running; any other failure while
     * applying it is dead-lettered too, with the source stopped until a template that applies
     * arrives, and the consumer goes on with the next record.
     */
    void apply(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Set<String> owned = sourcesByPartition.computeIfAbsent(partition, tp -> ConcurrentHashMap.newKeySet());
        try {
            applyTemplate(record, partition, owned);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            String sourceId = record.key();
            if (sourceId != null && owned.remove(sourceId)) {
                scheduler.remove(sourceId);
            }
            String reason = Printable.of("template '" + sourceId + "' could not be applied: " + e);
            LOG.error("{} (partition {}, offset {}); sent to {}; the source is stopped until a new version of it applies", reason,
                    record.partition(), record.offset(), Topics.TEMPLATES_DLQ, e);
            if (record.offset() >= judgedUpTo.getOrDefault(partition, 0L)) {
                deadLetters.send(record, reason);
            }
        }
    }

    private void applyTemplate(ConsumerRecord<String, String> record, TopicPartition partition, Set<String> owned) {
        if (record.value() == null) {
            if (record.key() != null) {
                fallbacks.remove(record.key());
                boolean wasOwned = owned.remove(record.key());
                if (wasOwned) {
                    scheduler.delete(record.key());
                }
                journal.deleted(record.key(), record.partition(), wasOwned);
            }
            return;
        }
        try {
            SourceTemplate template = parser.parse(record.key(), record.value());
            Instant updatedAt = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
            if (template.pools().indexOf(pool) > 0) {
                fallbacks.put(template.id(), new Fallback(template, partition, updatedAt));
            } else {
                fallbacks.remove(template.id());
            }
            if (!template.inPool(pool) || !routing.polls(template, pool)) {
                // Another pool's source (or one that just moved to another pool).
                if (owned.remove(template.id())) {
                    scheduler.remove(template.id());
                }
                journal.notOwned(template.id(), record.partition());
                return;
            }
            owned.add(template.id());
            scheduler.upsert(template, journal.owned(template.id(), record.partition()), updatedAt);
        } catch (InvalidTemplateException e) {
            // Only the template's first pool (the default pool when it names none) reports it, so each is reported once.
            boolean firstJudgement = record.offset() >= judgedUpTo.getOrDefault(partition, 0L) && pool.equals(e.firstPool());
            if (firstJudgement) {
                LOG.warn("{} (partition {}, offset {}); sent to {}{}", e.getMessage(), record.partition(), record.offset(),
                        Topics.TEMPLATES_DLQ, owned.contains(e.sourceId()) ? "; the previous version keeps running" : "");
                deadLetters.send(record, e.getMessage());
            }
        }
    }

    /**
     * Takes over the sources of owned partitions whose preferred pools are gone, and hands back
     * those whose preferred pool is alive again (letting a poll under way end, and storing their
     * fetch state first, so the pool they go to starts from it).
     */
    void reroute() {
        for (Fallback fallback : List.copyOf(fallbacks.values())) {
            SourceTemplate template = fallback.template();
            Set<String> owned = sourcesByPartition.get(fallback.partition());
            if (owned == null) {
                continue;
            }
            boolean polls = routing.polls(template, pool);
            if (polls && owned.add(template.id())) {
                LOG.info("source {} taken over by pool '{}': no pool it prefers ({}) has had a live fetcher for the failover time",
                        template.id(), pool, template.pools().subList(0, template.pools().indexOf(pool)));
                scheduler.upsert(template, journal.takenOver(template.id(), fallback.partition().partition()), fallback.updatedAt());
            } else if (!polls && owned.remove(template.id())) {
                LOG.info("source {} handed back by pool '{}': a pool it prefers has a live fetcher again", template.id(), pool);
                try {
                    scheduler.removeAll(Set.of(template.id()), DRAIN);
                    journal.givenBack(template.id());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        consumer.commitAsync(positions, (offsets, error) -> {
            if (error != null) {
                LOG.debug("commit of template positions failed (harmless: only used to avoid repeated dead letters)", error);
            }
        });
    }

    /**
     * Stops polling the partitions' sources. On a revocation ({@code handOver}) it first lets their
     * polls under way end and stores their fetch state, so the next owner starts from it; on a loss
     * another instance may own them already, so nothing more is written.
     */
    private void drop(Collection<TopicPartition> partitions, boolean handOver) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<String> sources = new HashSet<>();
        fallbacks.values().removeIf(fallback -> partitions.contains(fallback.partition()));
        for (TopicPartition partition : partitions) {
            Set<String> ids = sourcesByPartition.remove(partition);
            judgedUpTo.remove(partition);
            if (ids != null) {
                sources.addAll(ids);
                LOG.info("released {} with {} sources", partition, ids.size());
            }
        }
        try {
            if (handOver) {
                if (!scheduler.removeAll(sources, DRAIN)) {
                    LOG.warn("some polls of released sources were still under way after {}; their next owner may send their"
                            + " items again (the dedupe topology drops them)", DRAIN);
                }
            } else {
                sources.forEach(scheduler::remove);
            }
            journal.released(partitions.stream().map(TopicPartition::partition).toList(), handOver);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                if (consumer.assignment().isEmpty()) {
                    LOG.warn("this instance owns no partition of {}: there are more fetcher instances in pool '{}' than the topic has"
                            + " partitions, so it stays idle until another instance leaves", Topics.TEMPLATES, pool);
                }
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                judgedUpTo.put(partition, offset == null ? 0L : offset.offset());
                sourcesByPartition.computeIfAbsent(partition, tp -> ConcurrentHashMap.newKeySet());
            }
            // Before any template of these partitions is read: their sources take over their state before their first poll.
            journal.assigned(partitions.stream().map(TopicPartition::partition).toList());
            consumer.seekToBeginning(partitions);
            LOG.info("assigned {} template partitions", partitions.size());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions, false);
        }
    }
}
