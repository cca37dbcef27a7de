package io.realtimeminer.topology;

import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.TemplateParser;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;

/**
 * Joins each new story's item with the details of its page and with its source's template, and
 * writes one {@link EnrichedItem} per item to {@link Topics#ITEMS_ENRICHED}.
 *
 * <pre>
 * miner.items.new (key item id)  ─ enrichment-new-items ─ enrichment-as-item ─┐
 * miner.items.details (key item id) ─ enrichment-item-details ─ enrichment-as-details ─┴─ enrichment-items-and-details
 *   └─ enrichment-await-details   stores enrichment-waiting-items (item id → item and/or details),
 *        enrichment-detail-deadlines (the same by expiry); see {@link DetailJoin}
 *   └─ enrichment-join-template   global store enrichment-source-templates: the accepted templates of
 *                                 miner.templates ({@link AcceptedTemplates}), looked up by {@link TemplateJoin}
 *   └─ enrichment-enriched-items → miner.items.enriched (key item id)
 * </pre>
 *
 * <p>Templates are a global store, so items need no repartitioning and every instance sees every
 * source; an item of a source whose template is gone still passes, without source metadata. The
 * template is looked up when the item goes on, so a template updated while the item waited for
 * its details applies.
 */
public final class EnrichmentTopology {

    public static final String TEMPLATES_STORE = "enrichment-source-templates";
    public static final String SOURCE = "enrichment-new-items";
    public static final String DETAILS_SOURCE = "enrichment-item-details";
    public static final String AS_ITEM = "enrichment-as-item";
    public static final String AS_DETAILS = "enrichment-as-details";
    public static final String MERGE = "enrichment-items-and-details";
    public static final String DETAIL_JOIN = "enrichment-await-details";
    public static final String WAITING_STORE = "enrichment-waiting-items";
    public static final String DEADLINES_STORE = "enrichment-detail-deadlines";
    public static final String JOIN = "enrichment-join-template";
    public static final String SINK = "enrichment-enriched-items";

    private EnrichmentTopology() {
    }

    /**
     * Wires the enrichment stage into {@code builder}: the same wiring at run time and in tests.
     *
     * @param settings the details deadline and late window ({@link TopologyConfig#ENRICHMENT_DETAIL_DEADLINE_MS},
     *                 {@link TopologyConfig#ENRICHMENT_DETAIL_LATE_MS})
     * @param clock    stamps enriched_at
     */
    public static void build(StreamsBuilder builder, EnrichmentSerdes serdes, TopologyConfig settings, Clock clock) {
        // The templates as the fetchers accept them (same parser, same settings), never as written.
        TemplateParser parser = settings.templateParser();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TEMPLATES_STORE), Serdes.String(),
                        SourceMetadata.serde()).withLoggingDisabled(),
                Topics.TEMPLATES, Consumed.with(Serdes.String(), Serdes.String()).withName("enrichment-templates"),
                () -> new AcceptedTemplates(TEMPLATES_STORE, parser));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING_STORE), Serdes.String(),
                PendingItem.serde(serdes.items(), serdes.details())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES_STORE), Serdes.Bytes(),
                Serdes.String()));

        KStream<String, JoinInput> items = builder
                .stream(Topics.ITEMS_NEW, Consumed.with(Serdes.String(), serdes.items()).withName(SOURCE))
                .mapValues(item -> (JoinInput) new JoinInput.NewItem(item), Named.as(AS_ITEM));
        KStream<String, JoinInput> details = builder
                .stream(Topics.ITEMS_DETAILS, Consumed.with(Serdes.String(), serdes.details()).withName(DETAILS_SOURCE))
                .mapValues(page -> (JoinInput) new JoinInput.PageDetails(page), Named.as(AS_DETAILS));
        items.merge(details, Named.as(MERGE))
                .process(() -> new DetailJoin(WAITING_STORE, DEADLINES_STORE, settings.enrichmentDetailDeadline(),
                        settings.enrichmentDetailLate()), Named.as(DETAIL_JOIN), WAITING_STORE, DEADLINES_STORE)
                .processValues(() -> new TemplateJoin(TEMPLATES_STORE, clock), Named.as(JOIN))
                .to(Topics.ITEMS_ENRICHED, Produced.with(Serdes.String(), serdes.enriched()).withName(SINK));
    }
}
