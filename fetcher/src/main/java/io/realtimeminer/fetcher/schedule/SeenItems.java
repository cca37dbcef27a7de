package io.realtimeminer.fetcher.schedule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items a source emitted most recently, each with the fingerprint of its content when it was
 * sent, bounded, so that an unchanged feed does not send its items again at every poll and a
 * changed item can be recognised (emit mode {@code changes}). Not the dedupe authority: losing it
 * only costs resends.
 */
final class SeenItems {

    private final int capacity;
    private final LinkedHashMap<String, Long> fingerprints = new LinkedHashMap<>();
    private long version;

    SeenItems(int capacity) {
        this.capacity = capacity;
    }

    /** The fingerprint the item had when it was last sent, or null if it was not. */
    synchronized Long fingerprint(String itemId) {
        return fingerprints.get(itemId);
    }

    synchronized void add(String itemId, long fingerprint) {
        fingerprints.remove(itemId);
        fingerprints.put(itemId, fingerprint);
        version++;
        if (fingerprints.size() > capacity) {
            Iterator<String> oldest = fingerprints.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Grows with every change of the remembered items: equal versions, same items. */
    synchronized long version() {
        return version;
    }

    /** The {@code n} items sent most recently, oldest first. */
    synchronized List<FetchState.Seen> latest(int n) {
        List<FetchState.Seen> latest = new ArrayList<>(Math.min(n, fingerprints.size()));
        int skip = Math.max(0, fingerprints.size() - n);
        for (Map.Entry<String, Long> entry : fingerprints.entrySet()) {
            if (skip > 0) {
                skip--;
            } else {
                latest.add(new FetchState.Seen(entry.getKey(), entry.getValue()));
            }
        }
        return latest;
    }
}
