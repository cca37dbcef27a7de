package io.realtimeminer.topology;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * What the details join holds for one item id: the item waiting for its page's details (or
 * already let go without them and still open to an update), details that came before their item,
 * or both.
 *
 * @param item      the item, null when only its details came so far
 * @param details   the latest details of the item's page, null when none came
 * @param expiresAt wall-clock time at which the join acts: lets a waiting item go without details,
 *                  or forgets the entry
 * @param emitted   the item was let go already (without details); details that come now update it
 */
record PendingItem(RawItem item, ItemDetails details, long expiresAt, boolean emitted) {

    private static final byte VERSION = 1;

    PendingItem withDetails(ItemDetails newDetails) {
        return new PendingItem(item, newDetails, expiresAt, emitted);
    }

    /**
     * Stored as a version byte, flags, the expiry, and the item and details in the Avro serdes of
     * their topics (through the registry at run time, so state written by an older schema version
     * stays readable after an upgrade).
     */
    static Serde<PendingItem> serde(Serde<RawItem> items, Serde<ItemDetails> details) {
        Serializer<PendingItem> serializer = (topic, pending) -> {
            if (pending == null) {
                return null;
            }
            byte[] item = pending.item() == null ? new byte[0] : items.serializer().serialize(Topics.ITEMS_NEW, pending.item());
            byte[] page = pending.details() == null ? new byte[0] : details.serializer().serialize(Topics.ITEMS_DETAILS, pending.details());
            byte flags = (byte) ((pending.emitted() ? 1 : 0) | (pending.item() != null ? 2 : 0) | (pending.details() != null ? 4 : 0));
            return ByteBuffer.allocate(2 + Long.BYTES + 2 * Integer.BYTES + item.length + page.length)
                    .put(VERSION).put(flags).putLong(pending.expiresAt())
                    .putInt(item.length).put(item).putInt(page.length).put(page)
                    .array();
        };
        Deserializer<PendingItem> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.get() != VERSION) {
                throw new SerializationException("unknown version of a pending enrichment entry");
            }
            byte flags = buffer.get();
            long expiresAt = buffer.getLong();
            byte[] item = new byte[buffer.getInt()];
            buffer.get(item);
            byte[] page = new byte[buffer.getInt()];
            buffer.get(page);
            return new PendingItem(
                    (flags & 2) != 0 ? items.deserializer().deserialize(Topics.ITEMS_NEW, item) : null,
                    (flags & 4) != 0 ? details.deserializer().deserialize(Topics.ITEMS_DETAILS, page) : null,
                    expiresAt,
                    (flags & 1) != 0);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
