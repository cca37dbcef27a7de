package io.realtimeminer.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The lookup both dedupe gates make in their window stores: the first entry of a key within the
 * retention either side of a record's time (entries older than the retention have expired or are
 * about to; later ones come from records that arrived out of order).
 */
final class RetainedLookup {

    private RetainedLookup() {
    }

    /** The first entry of {@code key} within {@code retentionMs} of {@code at} (window start, value), or null. */
    static <V> KeyValue<Long, V> first(WindowStore<String, V> store, String key, long at, long retentionMs) {
        try (WindowStoreIterator<V> entries = store.fetch(key, Math.max(0, at - retentionMs), at + retentionMs)) {
            return entries.hasNext() ? entries.next() : null;
        }
    }
}
