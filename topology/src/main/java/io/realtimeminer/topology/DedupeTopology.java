package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;

/**
 * Lets an item through to {@link Topics#ITEMS_NEW} only the first time its id is seen.
 *
 * <p>Sightings are kept in a window store whose retention bounds the state: an id not seen for
 * longer than the retention is forgotten, and whole expired segments are dropped, which really
 * frees disk space (a key-value store would only write tombstones).
 */
public final class DedupeTopology {

    public static final String SEEN_STORE = "dedupe-seen-items";
    public static final String SOURCE = "dedupe-raw-items";
    public static final String PROCESSOR = "dedupe-first-sighting";
    public static final String SINK = "dedupe-new-items";

    private DedupeTopology() {
    }

    /**
     * Wires the dedupe stage into {@code builder}.
     *
     * @param items     serde of {@link RawItem} values
     * @param retention how long an item id is remembered
     */
    public static void build(StreamsBuilder builder, Serde<RawItem> items, Duration retention) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SEEN_STORE, retention, retention, false),
                Serdes.String(), Serdes.Long()));
        builder.stream(Topics.ITEMS_RAW, Consumed.with(Serdes.String(), items).withName(SOURCE))
                .process(() -> new FirstSighting(retention), Named.as(PROCESSOR), SEEN_STORE)
                .to(Topics.ITEMS_NEW, Produced.with(Serdes.String(), items).withName(SINK));
    }

    private static final class FirstSighting implements Processor<String, RawItem, String, RawItem> {

        private final long retentionMs;
        private ProcessorContext<String, RawItem> context;
        private WindowStore<String, Long> seen;

        FirstSighting(Duration retention) {
            this.retentionMs = retention.toMillis();
        }

        @Override
        public void init(ProcessorContext<String, RawItem> context) {
            this.context = context;
            this.seen = context.getStateStore(SEEN_STORE);
        }

        @Override
        public void process(Record<String, RawItem> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            long at = record.timestamp();
            if (seenWithinRetention(record.key(), at)) {
                return;
            }
            seen.put(record.key(), at, at);
            context.forward(record);
        }

        private boolean seenWithinRetention(String itemId, long at) {
            try (WindowStoreIterator<Long> sightings = seen.fetch(itemId, at - retentionMs, at + retentionMs)) {
                return sightings.hasNext();
            }
        }
    }
}
