package io.realtimeminer.topology;

import io.realtimeminer.avro.EnrichedItem;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;

/**
 * Stamps each item going on with its source's accepted template (name, tags, pool) from the global
 * templates store, looked up when the item goes on: a template updated while the item waited for
 * its details applies. An item whose source is unknown (its template gone) passes without.
 */
final class TemplateJoin implements FixedKeyProcessor<String, ItemWithDetails, EnrichedItem> {

    private final String storeName;
    private final Clock clock;
    private FixedKeyProcessorContext<String, EnrichedItem> context;
    private KeyValueStore<String, SourceMetadata> templates;

    TemplateJoin(String storeName, Clock clock) {
        this.storeName = storeName;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedItem> context) {
        this.context = context;
        this.templates = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, ItemWithDetails> record) {
        SourceMetadata source = templates.get(record.value().item().getSourceId());
        context.forward(record.withValue(EnrichedItems.of(record.value(), source == null ? SourceMetadata.UNKNOWN : source,
                clock.instant())));
    }
}
