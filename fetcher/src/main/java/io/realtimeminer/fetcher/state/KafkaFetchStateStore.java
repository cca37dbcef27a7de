package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetch states on the compacted {@link Topics#FETCH_STATE} topic (Avro {@code SourceFetchState},
 * key = source id, tombstone = deleted), each in the partition number given by the caller (that of
 * the source's template). Writes go through an idempotent producer (acks=all) from a thread of
 * their own, so a poll never waits for Kafka or the registry; a source written again before its
 * previous state was sent is sent once, with the latest state; a write that fails (registry or
 * broker away) is tried again until it is stored or a newer one replaces it. Reads use a consumer
 * with assigned partitions (no group).
 */
public final class KafkaFetchStateStore implements FetchStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFetchStateStore.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    /** Pause of the writer after a write failed, before it tries again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** A write or delete (null state) waiting for the writer thread; {@code sequence} orders the writes of a source. */
    private record Pending(int partition, FetchState state, long sequence) {
    }

    private final Producer<String, SourceFetchState> producer;
    private final Consumer<String, SourceFetchState> consumer;
    private final FetchStateTopic topic;
    private final Thread writer;
    private final Object lock = new Object();
    // Guarded by lock.
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    /** The sequence of the latest write asked for, per source: a failed write is tried again only if none came after it. */
    private final Map<String, Long> latest = new HashMap<>();
    private long sequence;
    private int taken;
    private boolean failedSinceLastPass;
    private boolean closed;
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong();

    public KafkaFetchStateStore(KafkaClients clients, String registryUrl, String clientId) {
        this(producer(clients, RegistrySerdes.<SourceFetchState>specific(registryUrl, false).serializer(), clientId),
                consumer(clients, RegistrySerdes.<SourceFetchState>specific(registryUrl, false).deserializer(), clientId),
                new FetchStateTopic(clients), clientId);
    }

    KafkaFetchStateStore(Producer<String, SourceFetchState> producer, Consumer<String, SourceFetchState> consumer,
                         FetchStateTopic topic, String clientId) {
        this.producer = producer;
        this.consumer = consumer;
        this.topic = topic;
        this.writer = new Thread(this::writeLoop, clientId + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static Producer<String, SourceFetchState> producer(KafkaClients clients, Serializer<SourceFetchState> values,
                                                               String clientId) {
        Map<String, Object> props = clients.producer(clientId);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 50);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Never stall the writer for long on a missing topic: the write is tried again anyway.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static Consumer<String, SourceFetchState> consumer(KafkaClients clients, Deserializer<SourceFetchState> values,
                                                               String clientId) {
        Map<String, Object> props = clients.consumer(null, clientId + "-restore");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    @Override
    public Map<Integer, Map<String, FetchState>> read(Collection<Integer> partitions, Duration timeout) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Instant deadline = Instant.now().plus(timeout);
        if (topic != null) {
            topic.ensure(partitions.stream().mapToInt(Integer::intValue).max().orElse(0) + 1, timeout);
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(Topics.FETCH_STATE, p)).toList();
        Map<Integer, Map<String, FetchState>> states = new HashMap<>();
        partitions.forEach(p -> states.put(p, new HashMap<>()));
        synchronized (consumer) {
            consumer.assign(assigned);
            try {
                consumer.seekToBeginning(assigned);
                Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, remaining(deadline));
                while (assigned.stream().anyMatch(tp -> consumer.position(tp, remaining(deadline)) < ends.get(tp))) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(new TimeoutException("reading " + Topics.FETCH_STATE + " " + partitions
                                + " took longer than " + timeout));
                    }
                    poll(states);
                }
            } finally {
                consumer.unsubscribe();
            }
        }
        return states;
    }

    private void poll(Map<Integer, Map<String, FetchState>> states) {
        try {
            for (ConsumerRecord<String, SourceFetchState> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, FetchState> partition = states.get(record.partition());
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    partition.remove(record.key());
                } else {
                    partition.put(record.key(), FetchStateCodec.fromAvro(record.value()));
                }
            }
        } catch (RecordDeserializationException e) {
            if (RegistryErrors.registryUnreachable(e)) {
                // Every other record would wait for the registry too: give up on this restore at once.
                throw new IllegalStateException("the schema registry does not answer: " + RegistryErrors.describe(e), e);
            }
            // An unreadable state is no state: that source starts from scratch.
            LOG.warn("skipping an unreadable fetch state at {} offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void write(String sourceId, int partition, FetchState state) {
        enqueue(sourceId, partition, state);
    }

    @Override
    public void delete(String sourceId, int partition) {
        enqueue(sourceId, partition, null);
    }

    private void enqueue(String sourceId, int partition, FetchState state) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Pending write = new Pending(partition, state, ++sequence);
            latest.put(sourceId, write.sequence());
            // Re-inserted at the end, so a source's writes keep their order behind everyone else's.
            pending.remove(sourceId);
            pending.put(sourceId, write);
            lock.notifyAll();
        }
    }

    /** Puts a failed write back, unless a newer write of the source was asked for since. */
    private void retry(String sourceId, Pending write) {
        synchronized (lock) {
            failedSinceLastPass = true;
            if (!closed && latest.getOrDefault(sourceId, -1L) == write.sequence() && !pending.containsKey(sourceId)) {
                pending.put(sourceId, write);
            }
            lock.notifyAll();
        }
    }

    private void writeLoop() {
        while (true) {
            List<Map.Entry<String, Pending>> batch;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pending.entrySet());
                pending.clear();
                taken = batch.size();
            }
            for (Map.Entry<String, Pending> write : batch) {
                send(write.getKey(), write.getValue());
            }
            boolean pause;
            synchronized (lock) {
                taken = 0;
                pause = failedSinceLastPass;
                failedSinceLastPass = false;
                lock.notifyAll();
            }
            if (pause) {
                // Something failed (registry or broker away): do not spin on the writes put back.
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send(String sourceId, Pending write) {
        SourceFetchState value = write.state() == null ? null : FetchStateCodec.toAvro(sourceId, write.state());
        try {
            unacknowledged.incrementAndGet();
            producer.send(new ProducerRecord<>(Topics.FETCH_STATE, write.partition(), sourceId, value), (metadata, error) -> {
                if (error != null) {
                    warn("the fetch state of " + sourceId + " was not stored; trying again: " + error);
                    retry(sourceId, write);
                }
                synchronized (lock) {
                    unacknowledged.decrementAndGet();
                    lock.notifyAll();
                }
            });
        } catch (RuntimeException e) {
            // Serialization (registry unreachable) or metadata timeout.
            warn("the fetch state of " + sourceId + " was not stored; trying again: " + RegistryErrors.describe(e));
            retry(sourceId, write);
            synchronized (lock) {
                unacknowledged.decrementAndGet();
                lock.notifyAll();
            }
        }
    }

    private void warn(String message) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY.toMillis() && lastWarning.compareAndSet(last, now)) {
            LOG.warn("{} (this warning repeats at most once a minute)", message);
        } else {
            LOG.debug(message);
        }
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!pending.isEmpty() || taken > 0 || unacknowledged.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            flush(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        synchronized (consumer) {
            consumer.close(Duration.ofSeconds(5));
        }
        if (topic != null) {
            topic.close();
        }
    }
}
