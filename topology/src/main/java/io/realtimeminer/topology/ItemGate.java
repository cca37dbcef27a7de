package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;

/**
 * The first stage of dedupe, per item id (the key of the raw items topic): an item passes the first
 * time its id is seen within the retention, and again, as an update, when its source emits changes
 * and its content hash differs from the one passed before; everything else stops here. What passes
 * is re-keyed by its story key for the second stage ({@link StoryGate}).
 */
final class ItemGate implements Processor<String, RawItem, String, RawItem> {

    private final String storeName;
    private final long retentionMs;
    private final CanonicalUrl canonicalUrl;
    private ProcessorContext<String, RawItem> context;
    private WindowStore<String, SeenItem> seen;

    ItemGate(String storeName, Duration retention, CanonicalUrl canonicalUrl) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
        this.canonicalUrl = canonicalUrl;
    }

    @Override
    public void init(ProcessorContext<String, RawItem> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RawItem> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        RawItem item = record.value();
        long at = record.timestamp();
        KeyValue<Long, SeenItem> before = RetainedLookup.first(seen, record.key(), at, retentionMs);
        if (before == null) {
            seen.put(record.key(), new SeenItem(item.getDiscoveredAt().toEpochMilli(), item.getContentHash()), at);
            pass(record, item, item.getDiscoveredAt());
        } else if (item.getEmitChanges() && before.value.differsFrom(item.getContentHash())) {
            // Overwrites the entry in place (same window start), so the item expires with its first sighting.
            seen.put(record.key(), before.value.withContentHash(item.getContentHash()), before.key);
            pass(record, item, Instant.ofEpochMilli(before.value.discoveredAt()));
        }
    }

    private void pass(Record<String, RawItem> record, RawItem item, Instant firstDiscoveredAt) {
        RawItem out = RawItem.newBuilder(item)
                .setDiscoveredAt(firstDiscoveredAt)
                .setCanonicalUrl(canonicalUrl.of(item.getUrl()).orElse(null))
                .setStoryId(null)
                .build();
        context.forward(record.withKey(StoryKey.of(out)).withValue(out));
    }
}
