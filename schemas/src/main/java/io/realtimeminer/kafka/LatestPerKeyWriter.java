package io.realtimeminer.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Writes the latest value of each key to a compacted topic, from a thread of its own, so that the
 * caller never waits for Kafka or the registry: a key written again before its previous value was
 * sent is sent once, with the latest value (a null value is a tombstone); a write that fails
 * (registry or broker away) is tried again until it is stored or a newer one of its key replaces
 * it. What the fetch state store and the source status use.
 *
 * @param <V> the value type
 */
public final class LatestPerKeyWriter<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatestPerKeyWriter.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    /** Pause of the writer after a write failed, before it tries again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** A write or tombstone (null value) waiting for the writer thread; {@code sequence} orders the writes of a key. */
    private record Pending<V>(Integer partition, V value, long sequence) {
    }

    private final Producer<String, V> producer;
    private final String topic;
    private final Function<String, String> what;
    private final Thread writer;
    private final Object lock = new Object();
    // Guarded by lock.
    private final LinkedHashMap<String, Pending<V>> pending = new LinkedHashMap<>();
    /** The sequence of the latest write asked for, per key: a failed write is tried again only if none came after it. */
    private final Map<String, Long> latest = new HashMap<>();
    private long sequence;
    private int taken;
    private boolean failedSinceLastPass;
    private boolean closed;
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicLong asked = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param producer an idempotent producer, closed with this writer
     * @param topic    the compacted topic
     * @param what     names what a key's value is, for warnings ("the fetch state of s1")
     * @param threadName name of the writer thread
     */
    public LatestPerKeyWriter(Producer<String, V> producer, String topic, Function<String, String> what, String threadName) {
        this.producer = producer;
        this.topic = topic;
        this.what = what;
        this.writer = new Thread(this::writeLoop, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes {@code value} (null: a tombstone) under {@code key}, to {@code partition} or, when null, the key's partition. */
    public void write(String key, Integer partition, V value) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            asked.incrementAndGet();
            Pending<V> write = new Pending<>(partition, value, ++sequence);
            latest.put(key, write.sequence());
            // Re-inserted at the end, so a key's writes keep their order behind everyone else's.
            pending.remove(key);
            pending.put(key, write);
            lock.notifyAll();
        }
    }

    /** Writes asked for since the start. */
    public long asked() {
        return asked.get();
    }

    /** Records handed to the producer since the start: fewer than {@link #asked()} when writes of a key were coalesced. */
    public long sent() {
        return sent.get();
    }

    /** Puts a failed write back, unless a newer write of the key was asked for since. */
    private void retry(String key, Pending<V> write) {
        synchronized (lock) {
            failedSinceLastPass = true;
            if (!closed && latest.getOrDefault(key, -1L) == write.sequence() && !pending.containsKey(key)) {
                pending.put(key, write);
            }
            lock.notifyAll();
        }
    }

    private void writeLoop() {
        while (true) {
            List<Map.Entry<String, Pending<V>>> batch;
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
            for (Map.Entry<String, Pending<V>> write : batch) {
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

    private void send(String key, Pending<V> write) {
        try {
            unacknowledged.incrementAndGet();
            sent.incrementAndGet();
            producer.send(new ProducerRecord<>(topic, write.partition(), key, write.value()), (metadata, error) -> {
                if (error != null) {
                    warn(what.apply(key) + " was not stored; trying again: " + error);
                    retry(key, write);
                }
                acknowledged();
            });
        } catch (RuntimeException e) {
            // Serialization (registry unreachable) or metadata timeout.
            warn(what.apply(key) + " was not stored; trying again: " + RegistryErrors.describe(e));
            retry(key, write);
            acknowledged();
        }
    }

    private void acknowledged() {
        synchronized (lock) {
            unacknowledged.decrementAndGet();
            lock.notifyAll();
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

    /** Waits until every write asked for so far is stored (or replaced); false if that took longer than {@code timeout}. */
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

    /** Stores what is pending (for up to 10 s), then stops the writer and closes the producer. */
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
    }
}
