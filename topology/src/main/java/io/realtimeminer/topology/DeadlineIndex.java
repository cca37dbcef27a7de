package io.realtimeminer.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The details join's entries by expiry time, so that a punctuation reads only what is due: keys
 * are the 8-byte big-endian time followed by the item id, which the store keeps in time order.
 */
final class DeadlineIndex {

    /** An entry that is due: its item id and the expiry it was indexed under. */
    record Due(String itemId, long at) {
    }

    private final KeyValueStore<Bytes, String> store;

    DeadlineIndex(KeyValueStore<Bytes, String> store) {
        this.store = store;
    }

    void add(long at, String itemId) {
        store.put(key(at, itemId), itemId);
    }

    void remove(long at, String itemId) {
        store.delete(key(at, itemId));
    }

    /** The entries due at {@code now} at the latest, oldest first, removed from the index. */
    List<Due> takeDue(long now) {
        List<KeyValue<Bytes, String>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, String> entry = all.next();
                if (ByteBuffer.wrap(entry.key.get()).getLong() > now) {
                    break;
                }
                due.add(entry);
            }
        }
        List<Due> result = new ArrayList<>(due.size());
        for (KeyValue<Bytes, String> entry : due) {
            store.delete(entry.key);
            result.add(new Due(entry.value, ByteBuffer.wrap(entry.key.get()).getLong()));
        }
        return result;
    }

    static Bytes key(long at, String itemId) {
        byte[] id = itemId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(Math.max(0, at)).put(id).array());
    }
}
