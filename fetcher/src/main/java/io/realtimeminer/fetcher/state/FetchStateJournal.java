package io.realtimeminer.fetcher.state;

import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.FetchStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the fetch state of sources from owner to owner through a {@link FetchStateStore}. The
 * templates consumer tells it which partitions and sources this instance owns: on assignment it
 * reads the states of those partitions, handed to each source before its first poll; while a
 * source is owned, every changed state is written to the source's partition; on revocation it
 * waits until those writes are stored, so the next owner reads them; a deleted template deletes
 * its state.
 */
public final class FetchStateJournal implements FetchStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(FetchStateJournal.class);
    /** The longest a revocation waits for the writes of its sources: it holds the rebalance up. */
    private static final Duration HAND_OVER = Duration.ofSeconds(5);

    private final FetchStateStore store;
    private final Duration timeout;
    /** The template partition of every source owned now; a state of any other source is not written. */
    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    /** States read at assignment, not yet taken by their source; only used by the templates consumer's thread. */
    private final Map<Integer, Map<String, FetchState>> restored = new HashMap<>();

    /**
     * @param store   where states are kept
     * @param timeout longest wait to read the states of newly assigned partitions, or to store the
     *                writes of revoked ones; a state not read or not stored in time only costs
     *                the next owner a full fetch (the dedupe topology drops what it sends again)
     */
    public FetchStateJournal(FetchStateStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /** A journal that keeps nothing. */
    public static FetchStateJournal disabled() {
        return new FetchStateJournal(FetchStateStore.none(), Duration.ZERO);
    }

    /** Reads the states of newly assigned template partitions. */
    public void assigned(Collection<Integer> partitions) {
        long begin = System.nanoTime();
        try {
            Map<Integer, Map<String, FetchState>> states = store.read(partitions, timeout);
            int count = 0;
            for (Integer partition : partitions) {
                Map<String, FetchState> read = states.getOrDefault(partition, Map.of());
                restored.put(partition, new HashMap<>(read));
                count += read.size();
            }
            LOG.info("read the fetch state of {} sources of {} partitions in {} ms", count, partitions.size(),
                    (System.nanoTime() - begin) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the fetch state of partitions {}; their sources start from scratch (the dedupe topology drops"
                    + " what they send again): {}", partitions, e.toString());
            partitions.forEach(p -> restored.put(p, new HashMap<>()));
        }
    }

    /**
     * This instance now polls the source: its changed states go to {@code partition}.
     *
     * @return the state its previous owner left, to take over before the first poll; null if none
     *         (or if the source was already owned here)
     */
    public FetchState owned(String sourceId, int partition) {
        partitionOf.put(sourceId, partition);
        Map<String, FetchState> states = restored.get(partition);
        return states == null ? null : states.remove(sourceId);
    }

    /**
     * This instance takes the source over from another pool (whose instances wrote its state since
     * this one read the partition): its latest state is read now, and its changes go to {@code partition}.
     *
     * @return its latest state; null if none could be read in time (then it starts from scratch)
     */
    public FetchState takenOver(String sourceId, int partition) {
        partitionOf.put(sourceId, partition);
        Map<String, FetchState> states = restored.get(partition);
        if (states != null) {
            states.remove(sourceId);
        }
        try {
            return store.read(List.of(partition), timeout).getOrDefault(partition, Map.of()).get(sourceId);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the fetch state of {} taken over from another pool; it starts from scratch: {}", sourceId, e.toString());
            return null;
        }
    }

    /** This instance hands the source back to the pool it prefers: its states written so far are stored before this returns. */
    public void givenBack(String sourceId) throws InterruptedException {
        partitionOf.remove(sourceId);
        Duration wait = timeout.compareTo(HAND_OVER) < 0 ? timeout : HAND_OVER;
        if (!store.flush(wait)) {
            LOG.warn("the fetch state of {} was not all stored within {}; the pool it went back to may fetch it again", sourceId, wait);
        }
    }

    /** This instance does not poll the source (it belongs to another pool): its state is neither taken nor written. */
    public void notOwned(String sourceId, int partition) {
        partitionOf.remove(sourceId);
        Map<String, FetchState> states = restored.get(partition);
        if (states != null) {
            states.remove(sourceId);
        }
    }

    /** The source's template was deleted: its state goes too, if this instance polled it or holds a state of it. */
    public void deleted(String sourceId, int partition, boolean wasOwned) {
        partitionOf.remove(sourceId);
        Map<String, FetchState> states = restored.get(partition);
        boolean hadState = states != null && states.remove(sourceId) != null;
        if (wasOwned || hadState) {
            store.delete(sourceId, partition);
        }
    }

    /**
     * The partitions are no longer this instance's: their sources' states are no longer written
     * and, when {@code handOver} (a revocation, not a loss), those written so far are stored before
     * this returns, so the next owner reads them.
     */
    public void released(Collection<Integer> partitions, boolean handOver) throws InterruptedException {
        Set<Integer> gone = new HashSet<>(partitions);
        partitionOf.values().removeIf(gone::contains);
        gone.forEach(restored::remove);
        Duration wait = timeout.compareTo(HAND_OVER) < 0 ? timeout : HAND_OVER;
        if (handOver && !store.flush(wait)) {
            LOG.warn("the fetch state of partitions {} was not all stored within {}; their next owner may fetch some sources"
                    + " again", partitions, wait);
        }
    }

    @Override
    public void changed(String sourceId, FetchState state) {
        Integer partition = partitionOf.get(sourceId);
        if (partition != null) {
            store.write(sourceId, partition, state);
        }
    }
}
