package io.realtimeminer.fetcher.schedule;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * The item ids a source emitted most recently, bounded, so that an unchanged feed does not send
 * its items again at every poll. Not the dedupe authority: losing it only costs resends.
 */
final class SeenItems {

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    SeenItems(int capacity) {
        this.capacity = capacity;
    }

    synchronized boolean contains(String itemId) {
        return ids.contains(itemId);
    }

    synchronized void add(String itemId) {
        ids.remove(itemId);
        ids.add(itemId);
        if (ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized int size() {
        return ids.size();
    }
}
