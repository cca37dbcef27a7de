package io.realtimeminer.fetcher.state;

import io.realtimeminer.fetcher.schedule.FetchState;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A state store in memory that records what was asked of it, in order: for the hand-over logic without Kafka. */
public class MemoryFetchStateStore implements FetchStateStore {

    /** One call: "read [0, 1]", "write a@0", "delete a@0", "flush". */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, Map<String, FetchState>> partitions = new ConcurrentHashMap<>();

    public MemoryFetchStateStore put(String sourceId, int partition, FetchState state) {
        partitions.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(sourceId, state);
        return this;
    }

    public FetchState get(String sourceId, int partition) {
        return partitions.getOrDefault(partition, Map.of()).get(sourceId);
    }

    public List<String> calls() {
        return calls;
    }

    @Override
    public Map<Integer, Map<String, FetchState>> read(Collection<Integer> wanted, Duration timeout) {
        calls.add("read " + wanted.stream().sorted().toList());
        Map<Integer, Map<String, FetchState>> copy = new HashMap<>();
        wanted.forEach(p -> copy.put(p, new HashMap<>(partitions.getOrDefault(p, Map.of()))));
        return copy;
    }

    @Override
    public void write(String sourceId, int partition, FetchState state) {
        calls.add("write " + sourceId + "@" + partition);
        put(sourceId, partition, state);
    }

    @Override
    public void delete(String sourceId, int partition) {
        calls.add("delete " + sourceId + "@" + partition);
        partitions.getOrDefault(partition, new HashMap<>()).remove(sourceId);
    }

    @Override
    public boolean flush(Duration timeout) {
        calls.add("flush");
        return true;
    }

    @Override
    public void close() {
    }
}
