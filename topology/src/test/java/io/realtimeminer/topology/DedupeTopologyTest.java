package io.realtimeminer.topology;

import io.realtimeminer.testing.AvroTestSerdes;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(1);
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final DedupeSerdes serdes = new DedupeSerdes(AvroTestSerdes.of(RawItem.class), AvroTestSerdes.of(Sighting.class));
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, RawItem> raw;
    private TestOutputTopic<String, RawItem> fresh;
    private TestOutputTopic<String, Sighting> sightings;

    @BeforeEach
    void start() {
        // The production Streams properties (exactly-once, handlers, commit interval), as the application runs.
        Properties props = new Properties();
        props.putAll(new TopologyConfig(Map.of(TopologyConfig.STATE_DIR, stateDir.toString(),
                TopologyConfig.BOOTSTRAP_SERVERS, "unused:9092")).streamsProperties("dedupe"));
        driver = new TopologyTestDriver(topology().build(), props);
        raw = driver.createInputTopic(Topics.ITEMS_RAW, Serdes.String().serializer(), serdes.items().serializer());
        fresh = driver.createOutputTopic(Topics.ITEMS_NEW, Serdes.String().deserializer(), serdes.items().deserializer());
        sightings = driver.createOutputTopic(Topics.SIGHTINGS, Serdes.String().deserializer(), serdes.sightings().deserializer());
    }

    private StreamsBuilder topology() {
        StreamsBuilder builder = new StreamsBuilder();
        DedupeTopology.build(builder, serdes, new TopologyConfig(Map.of(TopologyConfig.DEDUPE_RETENTION_MS, RETENTION.toMillis())));
        return builder;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void anItemSeenTwicePassesOnce() {
        raw.pipeInput("s1:a", item("s1:a", "First"), T0);
        raw.pipeInput("s1:a", item("s1:a", "First, again"), T0.plusSeconds(30));

        var out = fresh.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("s1:a");
        assertThat(out.get(0).value.getTitle()).isEqualTo("First");
        assertThat(out.get(0).value.getStoryId()).isEqualTo("s1:a");
        assertThat(out.get(0).value.getCanonicalUrl()).isEqualTo("https://example.org/s1:a");
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("s1:a");
    }

    @Test
    void theWishForPageDetailsAndTheDetailFieldsPassDedupeUnchanged() {
        raw.pipeInput("s1:a", RawItem.newBuilder(item("s1:a", "First")).setPageDetails(true)
                .setDetailFields(java.util.Map.of("score", "3")).build(), T0);

        RawItem passed = fresh.readValue();
        assertThat(passed.getPageDetails()).isTrue();
        assertThat(passed.getDetailFields()).containsExactly(java.util.Map.entry("score", "3"));
    }

    @Test
    void distinctItemsAllPassInOrder() {
        raw.pipeInput("s1:a", item("s1:a", "A"), T0);
        raw.pipeInput("s1:b", item("s1:b", "B"), T0.plusSeconds(1));
        raw.pipeInput("s2:a", item("s2:a", "A elsewhere"), T0.plusSeconds(2));
        raw.pipeInput("s1:b", item("s1:b", "B"), T0.plusSeconds(3));

        assertThat(fresh.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("s1:a", "s1:b", "s2:a");
    }

    @Test
    void theSameStoryFromTwoSourcesPassesOnceAndIsSightedTwice() {
        raw.pipeInput("s1:x", item("s1:x", "s1", "HTTP://Example.com:80/a?utm_source=x&b=2&a=1#top", "Story"), T0);
        raw.pipeInput("s2:y", item("s2:y", "s2", "http://example.com/a?a=1&b=2", "The story, elsewhere"), T0.plusSeconds(5));

        List<KeyValue<String, RawItem>> stories = fresh.readKeyValuesToList();
        assertThat(stories).hasSize(1);
        assertThat(stories.get(0).key).isEqualTo("s1:x");
        assertThat(stories.get(0).value.getStoryId()).isEqualTo("s1:x");
        assertThat(stories.get(0).value.getCanonicalUrl()).isEqualTo("http://example.com/a?a=1&b=2");
        assertThat(stories.get(0).value.getUrl()).isEqualTo("HTTP://Example.com:80/a?utm_source=x&b=2&a=1#top");

        List<KeyValue<String, Sighting>> seen = sightings.readKeyValuesToList();
        assertThat(seen).extracting(kv -> kv.key).containsExactly("s1:x", "s2:y");
        assertThat(seen).extracting(kv -> kv.value.getStoryId()).containsOnly("s1:x");
        Sighting second = seen.get(1).value;
        assertThat(second.getItemId()).isEqualTo("s2:y");
        assertThat(second.getSourceId()).isEqualTo("s2");
        assertThat(second.getSourceItemId()).isEqualTo("guid-s2:y");
        assertThat(second.getTitle()).isEqualTo("The story, elsewhere");
        assertThat(second.getUrl()).isEqualTo("http://example.com/a?a=1&b=2");
        assertThat(second.getCanonicalUrl()).isEqualTo("http://example.com/a?a=1&b=2");
        assertThat(second.getSeenAt()).isEqualTo(T0);
    }

    @Test
    void anotherItemOfTheSameSourceWithTheSameLinkIsASightingToo() {
        raw.pipeInput("s1:x", item("s1:x", "s1", "https://example.com/story/", "Story"), T0);
        raw.pipeInput("s1:z", item("s1:z", "s1", "https://example.com/story", "Story, new guid"), T0.plusSeconds(5));
        raw.pipeInput("s1:z", item("s1:z", "s1", "https://example.com/story", "Story, new guid"), T0.plusSeconds(9));

        assertThat(fresh.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("s1:x");
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.key + "@" + kv.value.getStoryId())
                .containsExactly("s1:x@s1:x", "s1:z@s1:x");
    }

    @Test
    void itemsWithoutALinkAreTheirOwnStories() {
        raw.pipeInput("s1:a", item("s1:a", "s1", null, "No link"), T0);
        raw.pipeInput("s2:b", item("s2:b", "s2", null, "No link either"), T0.plusSeconds(1));
        raw.pipeInput("s3:c", item("s3:c", "s3", "mailto:ann@example.com", "Not a web link"), T0.plusSeconds(2));
        raw.pipeInput("s1:a", item("s1:a", "s1", null, "No link"), T0.plusSeconds(3));

        List<KeyValue<String, RawItem>> stories = fresh.readKeyValuesToList();
        assertThat(stories).extracting(kv -> kv.key).containsExactly("s1:a", "s2:b", "s3:c");
        assertThat(stories).allSatisfy(kv -> {
            assertThat(kv.value.getStoryId()).isEqualTo(kv.key);
            assertThat(kv.value.getCanonicalUrl()).isNull();
        });
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.value.getStoryId()).containsExactly("s1:a", "s2:b", "s3:c");
    }

    @Test
    void inChangesModeAChangedItemPassesAgainAsAnUpdateOfTheSameItem() {
        raw.pipeInput("s1:a", changes(item("s1:a", "Title"), "h1", true, T0), T0);
        raw.pipeInput("s1:a", changes(item("s1:a", "Title"), "h1", true, T0.plusSeconds(60)), T0.plusSeconds(60));
        raw.pipeInput("s1:a", changes(item("s1:a", "Title, corrected"), "h2", true, T0.plusSeconds(120)), T0.plusSeconds(120));
        raw.pipeInput("s1:a", changes(item("s1:a", "Title, corrected"), "h2", true, T0.plusSeconds(180)), T0.plusSeconds(180));

        List<KeyValue<String, RawItem>> out = fresh.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("s1:a", "s1:a");
        assertThat(out).extracting(kv -> kv.value.getTitle()).containsExactly("Title", "Title, corrected");
        // An update keeps the time the item was first discovered, and its story.
        assertThat(out.get(1).value.getDiscoveredAt()).isEqualTo(T0);
        assertThat(out.get(1).value.getStoryId()).isEqualTo("s1:a");
        // The sighting is written again (an upsert of the same row), with the new title.
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.value.getTitle()).containsExactly("Title", "Title, corrected");
    }

    @Test
    void withoutEmitChangesOrWithoutANewHashAKnownItemStops() {
        raw.pipeInput("s1:a", changes(item("s1:a", "Title"), "h1", false, T0), T0);
        raw.pipeInput("s1:a", changes(item("s1:a", "Changed, not asked for"), "h2", false, T0.plusSeconds(60)), T0.plusSeconds(60));
        raw.pipeInput("s1:a", changes(item("s1:a", "Same hash"), "h1", true, T0.plusSeconds(120)), T0.plusSeconds(120));
        raw.pipeInput("s1:a", changes(item("s1:a", "No hash"), null, true, T0.plusSeconds(180)), T0.plusSeconds(180));

        assertThat(fresh.readKeyValuesToList()).extracting(kv -> kv.value.getTitle()).containsExactly("Title");
        assertThat(sightings.readKeyValuesToList()).hasSize(1);
    }

    @Test
    void anUpdateOfAnotherSourcesSightingUpdatesTheSightingOnly() {
        raw.pipeInput("s1:x", item("s1:x", "s1", "https://example.com/a", "Story"), T0);
        raw.pipeInput("s2:y", changes(item("s2:y", "s2", "https://example.com/a", "Story at s2"), "h1", true, T0), T0.plusSeconds(1));
        raw.pipeInput("s2:y", changes(item("s2:y", "s2", "https://example.com/a", "Story at s2, edited"), "h2", true, T0), T0.plusSeconds(2));

        assertThat(fresh.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("s1:x");
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.key + "=" + kv.value.getTitle())
                .containsExactly("s1:x=Story", "s2:y=Story at s2", "s2:y=Story at s2, edited");
    }

    @Test
    void afterTheRetentionTheStoresHoldNothingOfAnOldItemAndItsSegmentsAreGone() throws IOException {
        raw.pipeInput("s1:old", item("s1:old", "s1", "https://example.com/old", "Old"), T0);
        assertThat(keys(DedupeTopology.SEEN_STORE)).containsExactly("s1:old");
        assertThat(keys(DedupeTopology.STORIES_STORE)).containsExactly("https://example.com/old");
        assertThat(segmentStarts(DedupeTopology.SEEN_STORE)).anyMatch(start -> start <= T0.toEpochMilli());

        // Stream time moves well past the retention: the old sightings' segments expire.
        Instant later = T0.plus(RETENTION.multipliedBy(3));
        raw.pipeInput("s1:new", item("s1:new", "s1", "https://example.com/new", "New"), later);

        assertThat(keys(DedupeTopology.SEEN_STORE)).containsExactly("s1:new");
        assertThat(keys(DedupeTopology.STORIES_STORE)).containsExactly("https://example.com/new");
        // The segment files are deleted, not just hidden from reads.
        assertThat(segmentStarts(DedupeTopology.SEEN_STORE)).isNotEmpty().allMatch(start -> start > T0.toEpochMilli());
        assertThat(segmentStarts(DedupeTopology.STORIES_STORE)).isNotEmpty().allMatch(start -> start > T0.toEpochMilli());

        // Forgotten, the old item and its story pass again.
        raw.pipeInput("s1:old", item("s1:old", "s1", "https://example.com/old", "Old, much later"), later.plusSeconds(1));
        raw.pipeInput("s2:old", item("s2:old", "s2", "https://example.com/old", "Old, elsewhere"), later.plusSeconds(2));
        assertThat(fresh.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("s1:old", "s1:new", "s1:old");
        assertThat(sightings.readKeyValuesToList()).extracting(kv -> kv.key + "@" + kv.value.getStoryId())
                .containsExactly("s1:old@s1:old", "s1:new@s1:new", "s1:old@s1:old", "s2:old@s1:old");
    }

    @Test
    void recordsWithoutKeyOrValueAreDropped() {
        raw.pipeInput(null, item("x", "no key"), T0);
        raw.pipeInput("s1:a", null, T0);

        assertThat(fresh.isEmpty()).isTrue();
        assertThat(sightings.isEmpty()).isTrue();
    }

    @Test
    void processorsStoresAndTheRepartitionTopicAreNamed() {
        TopologyDescription description = topology().build().describe();
        assertThat(description.subtopologies()).hasSize(2);
        List<String> nodes = description.subtopologies().stream()
                .flatMap(sub -> sub.nodes().stream()).map(TopologyDescription.Node::name).toList();
        assertThat(nodes).contains(DedupeTopology.SOURCE, DedupeTopology.ITEM_GATE, DedupeTopology.STORY_GATE,
                DedupeTopology.STORY_ITEMS, DedupeTopology.SINK, DedupeTopology.SIGHTING_RECORDS, DedupeTopology.SIGHTINGS_SINK);
        // Only names we chose, or ones derived from them (the repartition's sink and source).
        assertThat(nodes).allMatch(name -> name.startsWith("dedupe-"), "named by us");
        assertThat(description.toString())
                .contains(DedupeTopology.SEEN_STORE, DedupeTopology.STORIES_STORE)
                .contains(DedupeTopology.BY_STORY_KEY + "-repartition");
    }

    private List<String> keys(String store) {
        WindowStore<String, Object> windows = driver.getWindowStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Object> all = windows.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key.key()));
        }
        return keys;
    }

    /** Start times of the store's segments on disk: each segment is a RocksDB directory {@code <store>.<start>}. */
    private List<Long> segmentStarts(String store) throws IOException {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(store + "."))
                    .map(name -> Long.parseLong(name.substring(store.length() + 1)))
                    .toList();
        }
    }

    static RawItem item(String id, String title) {
        return item(id, id.substring(0, Math.max(0, id.indexOf(':'))), "https://example.org/" + id, title);
    }

    static RawItem item(String id, String source, String url, String title) {
        return RawItem.newBuilder()
                .setItemId(id)
                .setSourceId(source)
                .setSourceItemId("guid-" + id)
                .setUrl(url)
                .setTitle(title)
                .setDiscoveredAt(T0)
                .build();
    }

    private static RawItem changes(RawItem item, String contentHash, boolean emitChanges, Instant discoveredAt) {
        return RawItem.newBuilder(item).setContentHash(contentHash).setEmitChanges(emitChanges).setDiscoveredAt(discoveredAt).build();
    }
}
