package io.realtimeminer.fetcher.state;

import io.realtimeminer.fetcher.schedule.FetchState;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Where the owners of sources keep their {@link FetchState}s, by source id, in partitions that
 * match the partitions of the templates topic.
 */
public interface FetchStateStore extends AutoCloseable {

    /**
     * The latest state of every source in these partitions, as written up to now.
     *
     * @return per partition, the states by source id
     * @throws RuntimeException when they cannot be read within {@code timeout}
     */
    Map<Integer, Map<String, FetchState>> read(Collection<Integer> partitions, Duration timeout);

    /** Keeps {@code state} as the latest of the source, in {@code partition}; returns at once. */
    void write(String sourceId, int partition, FetchState state);

    /** Forgets the source (its template was deleted); returns at once. */
    void delete(String sourceId, int partition);

    /**
     * Waits (up to {@code timeout}) until every write and delete made so far is stored.
     *
     * @return whether they all were in time
     */
    boolean flush(Duration timeout) throws InterruptedException;

    @Override
    void close();

    /** A store that keeps nothing: every new owner starts from scratch. */
    static FetchStateStore none() {
        return new FetchStateStore() {
            @Override
            public Map<Integer, Map<String, FetchState>> read(Collection<Integer> partitions, Duration timeout) {
                return Map.of();
            }

            @Override
            public void write(String sourceId, int partition, FetchState state) {
            }

            @Override
            public void delete(String sourceId, int partition) {
            }

            @Override
            public boolean flush(Duration timeout) {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
