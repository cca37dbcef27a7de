package io.realtimeminer.fetcher.details;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.page.PageReader;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the page of every new item (consumer group {@code details.group.id} on
 * {@link Topics#ITEMS_NEW}) and writes what it read, or why it could not, to
 * {@link Topics#ITEMS_DETAILS}, keyed by item id. At most {@code details.max.in.flight} pages are
 * fetched at once; further records wait with their partitions paused. Offsets are committed only
 * over records whose details Kafka acknowledged (at least once: the enrichment join is idempotent
 * per item id); a record whose details could not be sent is read again. Items that want no page
 * details, and items older than {@code details.max.age.ms} (enriched without them long ago), are
 * passed over.
 */
public final class DetailFetcher implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DetailFetcher.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Counters since the start: pages read, pages that gave an error, items passed over. */
    public record Stats(long read, long failed, long skipped) {
    }

    /** A record whose work ended: {@code sent} false when its details could not be written. */
    private record Done(TopicPartition partition, PartitionProgress progress, long offset, boolean sent) {
    }

    private final Consumer<String, RawItem> consumer;
    private final Producer<String, ItemDetails> producer;
    private final ItemPageFetch pages;
    private final DetailSettings settings;
    private final Clock clock;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final ArrayDeque<ConsumerRecord<String, RawItem>> backlog = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private int inFlight;

    DetailFetcher(Consumer<String, RawItem> consumer, Producer<String, ItemDetails> producer, ItemPageFetch pages,
                  DetailSettings settings, Clock clock) {
        this.consumer = consumer;
        this.producer = producer;
        this.pages = pages;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A detail fetcher on the Kafka {@code clients} reach, fetching through {@code fetcher} (the
     * instance's fetch engine, shared with its polls) and reading pages on {@code parsePool}.
     */
    public static DetailFetcher create(DetailSettings settings, KafkaClients clients, String registryUrl, String clientId,
                                       PageFetcher fetcher, Executor parsePool) {
        Deserializer<RawItem> items = RegistrySerdes.<RawItem>specific(registryUrl, false).deserializer();
        Serializer<ItemDetails> details = RegistrySerdes.<ItemDetails>specific(registryUrl, false).serializer();
        Map<String, Object> consumer = clients.consumer(settings.groupId(), clientId);
        consumer.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // read_committed (KafkaClients): the dedupe topology writes miner.items.new in transactions.
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(10, settings.maxInFlight()));
        Map<String, Object> producer = clients.producer(clientId);
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        ItemPageFetch pages = new ItemPageFetch(fetcher, new PageReader(settings.maxPageBytes()), parsePool, settings.fetchTimeout(),
                Clock.systemUTC());
        return new DetailFetcher(new KafkaConsumer<>(consumer, new StringDeserializer(), items),
                new KafkaProducer<>(producer, new StringSerializer(), details), pages, settings, Clock.systemUTC());
    }

    @Override
    public void run() {
        subscribe();
        try {
            while (running) {
                step();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("detail fetcher stopped", e);
        } finally {
            try {
                awaitInFlight();
                commit(true);
            } catch (RuntimeException e) {
                LOG.warn("last commit of the detail fetcher failed; the next owner fetches some pages again", e);
            }
            consumer.close();
            producer.close(Duration.ofSeconds(10));
        }
    }

    void subscribe() {
        consumer.subscribe(List.of(Topics.ITEMS_NEW), new Rebalance());
    }

    /** One turn: account for finished fetches, commit, poll, start what the in-flight bound allows. */
    void step() {
        finishDone();
        commit(false);
        pauseWhileBacklogged();
        try {
            for (ConsumerRecord<String, RawItem> record : consumer.poll(POLL_TIMEOUT)) {
                PartitionProgress partition = progress.get(new TopicPartition(record.topic(), record.partition()));
                if (partition != null) {
                    partition.polled(record.offset());
                    backlog.add(record);
                }
            }
        } catch (RecordDeserializationException e) {
            LOG.warn("unreadable record at {} offset {} passed over: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        startFromBacklog();
    }

    /** Gives fetches under way a moment to end on close, so that their offsets are committed. */
    private void awaitInFlight() {
        long until = System.nanoTime() + CLOSE_WAIT.toNanos();
        finishDone();
        while (inFlight > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finishDone();
        }
    }

    private void startFromBacklog() {
        while (inFlight < settings.maxInFlight() && !backlog.isEmpty()) {
            start(backlog.poll());
        }
    }

    private void start(ConsumerRecord<String, RawItem> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionProgress owner = progress.get(partition);
        if (owner == null) {
            return;
        }
        RawItem item = record.value();
        if (item == null || !item.getPageDetails() || item.getDiscoveredAt().isBefore(clock.instant().minus(settings.maxAge()))) {
            skipped.incrementAndGet();
            owner.done(record.offset());
            return;
        }
        inFlight++;
        pages.fetch(item)
                .thenCompose(details -> {
                    (details.getError() == null ? read : failed).incrementAndGet();
                    if (details.getError() != null) {
                        LOG.debug("page of {} ({}): {}", item.getItemId(), item.getUrl(), details.getError());
                    }
                    return send(details);
                })
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        LOG.warn("details of {} not written, the item is read again: {}", item.getItemId(), error.toString());
                    }
                    done.add(new Done(partition, owner, record.offset(), error == null));
                });
    }

    private CompletableFuture<Void> send(ItemDetails details) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(Topics.ITEMS_DETAILS, details.getItemId(), details), (metadata, error) -> {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private void finishDone() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            inFlight--;
            if (progress.get(finished.partition()) != finished.progress()) {
                continue; // revoked, or rewound since: not ours to account for
            }
            if (finished.sent()) {
                finished.progress().done(finished.offset());
            } else {
                rewind(finished.partition(), finished.progress());
            }
        }
    }

    /**
     * Reads a partition again from its first record not done, after a record whose details could
     * not be sent (the producer gave up on it); what is under way for it now no longer counts.
     */
    private void rewind(TopicPartition partition, PartitionProgress state) {
        backlog.removeIf(r -> r.partition() == partition.partition() && r.topic().equals(partition.topic()));
        progress.put(partition, new PartitionProgress());
        state.firstPending().ifPresent(offset -> consumer.seek(partition, offset));
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, state) -> state.committable().ifPresent(offset -> {
            offsets.put(partition, new OffsetAndMetadata(offset));
            state.committed(offset);
        }));
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets);
        } else {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    LOG.debug("commit of detail offsets failed (the next one covers them): {}", error.toString());
                }
            });
        }
    }

    private void pauseWhileBacklogged() {
        if (backlog.size() >= settings.maxInFlight()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Fetches under way now (the consumer thread's view). */
    int inFlight() {
        return inFlight;
    }

    public Stats stats() {
        return new Stats(read.get(), failed.get(), skipped.get());
    }

    /** Stops the loop; the thread running {@link #run()} commits what is done and closes the consumer and producer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            finishDone();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                PartitionProgress state = progress.remove(partition);
                if (state != null) {
                    state.committable().ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
                }
            }
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            if (!offsets.isEmpty()) {
                try {
                    consumer.commitSync(offsets);
                } catch (RuntimeException e) {
                    LOG.warn("commit on revocation failed; the next owner fetches some pages again: {}", e.toString());
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> progress.putIfAbsent(partition, new PartitionProgress()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }
    }
}
