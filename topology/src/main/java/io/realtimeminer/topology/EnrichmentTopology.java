package io.realtimeminer.topology;

import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Instant;

/**
 * Joins each new story's item with its source's template (name, tags) and writes one
 * {@link EnrichedItem} to {@link Topics#ITEMS_ENRICHED}. Templates are a global table, so items
 * need no repartitioning and every instance sees every source; an item of a source whose template
 * is gone still passes, without source metadata.
 */
public final class EnrichmentTopology {

    public static final String TEMPLATES_STORE = "enrichment-source-templates";
    public static final String SOURCE = "enrichment-new-items";
    public static final String JOIN = "enrichment-join-template";
    public static final String SINK = "enrichment-enriched-items";

    private EnrichmentTopology() {
    }

    public static void build(StreamsBuilder builder, Serde<RawItem> items, Serde<EnrichedItem> enriched, Clock clock) {
        GlobalKTable<String, String> templates = builder.globalTable(Topics.TEMPLATES,
                Consumed.with(Serdes.String(), Serdes.String()).withName("enrichment-templates"),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TEMPLATES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        // Detail fetch (not yet built): a story whose template has a detail step will wait here for
        // its page's OpenGraph / JSON-LD fields, with a deadline after which it passes without them.
        // The place for it is a left join of this stream with the details (keyed by item id) just
        // before the template join, filling the optional fields enrich() copies from the item.
        builder.stream(Topics.ITEMS_NEW, Consumed.with(Serdes.String(), items).withName(SOURCE))
                .leftJoin(templates,
                        (itemId, item) -> item.getSourceId(),
                        (item, templateJson) -> enrich(item, SourceMetadata.fromTemplateJson(templateJson), clock.instant()),
                        Named.as(JOIN))
                .to(Topics.ITEMS_ENRICHED, Produced.with(Serdes.String(), enriched).withName(SINK));
    }

    static EnrichedItem enrich(RawItem item, SourceMetadata source, Instant now) {
        return EnrichedItem.newBuilder()
                .setItemId(item.getItemId())
                .setSourceId(item.getSourceId())
                .setSourceName(source.name())
                .setSourceItemId(item.getSourceItemId())
                .setUrl(item.getUrl())
                .setTitle(item.getTitle())
                .setSummary(item.getSummary())
                .setAuthor(item.getAuthor())
                .setPublishedAt(item.getPublishedAt())
                .setDiscoveredAt(item.getDiscoveredAt())
                .setEnrichedAt(now)
                .setTags(source.tags())
                .setCanonicalUrl(item.getCanonicalUrl())
                .setStoryId(item.getStoryId())
                .build();
    }
}
