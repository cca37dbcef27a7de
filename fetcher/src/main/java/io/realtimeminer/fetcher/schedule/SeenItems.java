package io.realtimeminer.fetcher.schedule;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The items a source emitted most recently, each with the fingerprint of its content when it was
 * sent, bounded, so that an unchanged feed does not send its items again at every poll and a
 * changed item can be recognised (emit mode {@code changes}). Not the dedupe authority: losing it
 * only costs resends.
 */
final class SeenItems {

    private final int capacity;
    private final LinkedHashMap<String, Long> fingerprints = new LinkedHashMap<>();

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
        if (fingerprints.size() > capacity) {
            Iterator<String> oldest = fingerprints.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
