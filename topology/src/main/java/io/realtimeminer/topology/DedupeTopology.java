package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.List;

/**
 * Lets every story through to {@link Topics#ITEMS_NEW} once, whichever sources carry it, and
 * records each source's sighting of it on {@link Topics#SIGHTINGS}.
 *
 * <pre>
 * miner.items.raw (key item id)
 *   └─ dedupe-first-or-changed   store dedupe-seen-items: item id → first discovered_at, content hash
 *        an item id passes once, or again when emit_changes and its content hash changed;
 *        computes canonical_url; re-keys by story key (canonical URL, or item:&lt;id&gt; without a link)
 *   └─ repartition dedupe-by-story-key
 *   └─ dedupe-first-of-story     store dedupe-story-urls: story key → story id
 *        the first item of a story key founds the story (story id = its item id)
 *        ├─ dedupe-story-items → miner.items.new (key item id): the story's item and its updates
 *        └─ dedupe-sighting-records → miner.sightings (key item id): every item that got this far
 * </pre>
 *
 * <p>Both stores are persistent window stores with changelogs, keyed at the first sighting's
 * time and bounded by the retention: an entry is forgotten once stream time is a retention past
 * it, and expired segments are dropped whole, which really frees disk space (a key-value store
 * would only write tombstones).
 */
public final class DedupeTopology {

    public static final String SOURCE = "dedupe-raw-items";
    public static final String ITEM_GATE = "dedupe-first-or-changed";
    public static final String SEEN_STORE = "dedupe-seen-items";
    /** Names the repartition topic: {@code <application id>-dedupe-by-story-key-repartition}. */
    public static final String BY_STORY_KEY = "dedupe-by-story-key";
    public static final String STORY_GATE = "dedupe-first-of-story";
    public static final String STORIES_STORE = "dedupe-story-urls";
    public static final String STORY_ITEMS = "dedupe-story-items";
    public static final String SINK = "dedupe-new-items";
    public static final String SIGHTING_RECORDS = "dedupe-sighting-records";
    public static final String SIGHTINGS_SINK = "dedupe-sightings";

    private DedupeTopology() {
    }

    /**
     * Wires the dedupe stage into {@code builder}: the same wiring at run time and in tests.
     *
     * @param serdes   value serdes (keys are strings)
     * @param settings the retention ({@link TopologyConfig#DEDUPE_RETENTION_MS}) and the canonical
     *                 URL rules ({@link TopologyConfig#DEDUPE_TRACKING_PARAMETERS})
     */
    public static void build(StreamsBuilder builder, DedupeSerdes serdes, TopologyConfig settings) {
        Duration retention = settings.dedupeRetention();
        CanonicalUrl canonicalUrl = settings.canonicalUrl();
        Serde<RawItem> items = serdes.items();
        builder.addStateStore(windowStore(SEEN_STORE, retention, SeenItem.SERDE));
        builder.addStateStore(windowStore(STORIES_STORE, retention, Serdes.String()));

        KStream<String, StoryDecision> decisions = builder
                .stream(Topics.ITEMS_RAW, Consumed.with(Serdes.String(), items).withName(SOURCE))
                .process(() -> new ItemGate(SEEN_STORE, retention, canonicalUrl), Named.as(ITEM_GATE), SEEN_STORE)
                .repartition(Repartitioned.with(Serdes.String(), items).withName(BY_STORY_KEY))
                .process(() -> new StoryGate(STORIES_STORE, retention), Named.as(STORY_GATE), STORIES_STORE);

        decisions.flatMapValues(decision -> decision.storyItem() == null ? List.<RawItem>of() : List.of(decision.storyItem()),
                        Named.as(STORY_ITEMS))
                .to(Topics.ITEMS_NEW, Produced.with(Serdes.String(), items).withName(SINK));
        decisions.mapValues(StoryDecision::sighting, Named.as(SIGHTING_RECORDS))
                .to(Topics.SIGHTINGS, Produced.with(Serdes.String(), serdes.sightings()).withName(SIGHTINGS_SINK));
    }

    private static <V> StoreBuilder<WindowStore<String, V>> windowStore(String name, Duration retention, Serde<V> values) {
        // One window per entry, starting at its first sighting; the window size only has to fit
        // in the retention. Logging (the changelog) is on by default.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, retention, false),
                Serdes.String(), values);
    }
}
