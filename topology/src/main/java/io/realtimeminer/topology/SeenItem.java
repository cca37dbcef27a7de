package io.realtimeminer.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What dedupe remembers of an item id: when a fetcher first saw it (an update keeps that time) and
 * the content hash of its latest version passed on (null when the fetcher sent none).
 *
 * <p>Stored as 8 bytes of time followed by the hash in UTF-8. The first release of the store kept
 * the 8-byte time alone, which reads as an item without hash: existing state stays valid.
 */
record SeenItem(long discoveredAt, String contentHash) {

    static final Serde<SeenItem> SERDE = Serdes.serdeFrom(serializer(), deserializer());

    SeenItem {
        if (contentHash != null && contentHash.isEmpty()) {
            contentHash = null;
        }
    }

    /** True when {@code hash} is a content hash other than this one (a missing hash never differs). */
    boolean differsFrom(String hash) {
        return hash != null && !hash.isEmpty() && !hash.equals(contentHash);
    }

    SeenItem withContentHash(String hash) {
        return new SeenItem(discoveredAt, hash);
    }

    private static Serializer<SeenItem> serializer() {
        return (topic, seen) -> {
            if (seen == null) {
                return null;
            }
            byte[] hash = seen.contentHash() == null ? new byte[0] : seen.contentHash().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(Long.BYTES + hash.length).putLong(seen.discoveredAt()).put(hash).array();
        };
    }

    private static Deserializer<SeenItem> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long discoveredAt = buffer.getLong();
            String hash = buffer.hasRemaining()
                    ? new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8) : null;
            return new SeenItem(discoveredAt, hash);
        };
    }
}
