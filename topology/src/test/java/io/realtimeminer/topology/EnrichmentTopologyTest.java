package io.realtimeminer.topology;

import io.realtimeminer.testing.AvroTestSerdes;
import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The enrichment stage: new items joined with their page's details (with a deadline) and their source's template. */
class EnrichmentTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");
    private static final Instant DISCOVERED = Instant.parse("2026-11-23T10:00:00Z");
    private static final String BBC = "{\"name\":\"BBC News\",\"url\":\"https://bbc.example/rss\",\"kind\":\"feed\",\"tags\":[\"news\",\"uk\"],"
            + "\"pool\":\"eu\"}";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> templates;
    private TestInputTopic<String, RawItem> fresh;
    private TestInputTopic<String, ItemDetails> details;
    private TestOutputTopic<String, EnrichedItem> out;

    private void start(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(TopologyConfig.STATE_DIR, stateDir.toString());
        settings.put(TopologyConfig.BOOTSTRAP_SERVERS, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentSerdes serdes = new EnrichmentSerdes(AvroTestSerdes.of(RawItem.class), AvroTestSerdes.of(ItemDetails.class),
                AvroTestSerdes.of(EnrichedItem.class));
        EnrichmentTopology.build(builder, serdes, new TopologyConfig(settings), Clock.fixed(NOW, ZoneOffset.UTC));
        // The production Streams properties (exactly-once, handlers, commit interval), as the application runs.
        Properties props = new Properties();
        props.putAll(new TopologyConfig(settings).streamsProperties("enrichment"));
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        templates = driver.createInputTopic(Topics.TEMPLATES, Serdes.String().serializer(), Serdes.String().serializer());
        fresh = driver.createInputTopic(Topics.ITEMS_NEW, Serdes.String().serializer(), serdes.items().serializer());
        details = driver.createInputTopic(Topics.ITEMS_DETAILS, Serdes.String().serializer(), serdes.details().serializer());
        out = driver.createOutputTopic(Topics.ITEMS_ENRICHED, Serdes.String().deserializer(), serdes.enriched().deserializer());
    }

    private void start() {
        start(Map.of());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void anItemWithoutPageDetailsGetsItsSourceNameTagsPoolAndTimestampsAtOnce() {
        start();
        templates.pipeInput("bbc", BBC);
        Instant published = Instant.parse("2026-11-23T09:59:00Z");
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", published).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getItemId()).isEqualTo("bbc:1");
        assertThat(e.getSourceId()).isEqualTo("bbc");
        assertThat(e.getSourceName()).isEqualTo("BBC News");
        assertThat(e.getSourcePool()).isEqualTo("eu");
        assertThat(e.getTags()).containsExactly("news", "uk");
        assertThat(e.getTitle()).isEqualTo("Title of bbc:1");
        assertThat(e.getUrl()).isEqualTo("https://bbc.example/bbc:1");
        assertThat(e.getPublishedAt()).isEqualTo(published);
        assertThat(e.getPublishedFrom()).isEqualTo("source");
        assertThat(e.getFreshnessMs()).isEqualTo(60_000L);
        assertThat(e.getDiscoveredAt()).isEqualTo(DISCOVERED);
        assertThat(e.getEnrichedAt()).isEqualTo(NOW);
        assertThat(e.getDetailError()).isNull();
        assertThat(e.getDescription()).isNull();
        assertThat(out.isEmpty()).isTrue();
    }

    /**
     * Values PostgreSQL would refuse (or store garbled) never leave the pipeline: an implausible
     * date is left out, NUL characters are removed, and the item says so in its warnings.
     */
    @ParameterizedTest
    @ValueSource(strings = {"+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "1799-12-31T23:59:59Z", "2027-11-24T10:00:06Z"})
    void anImplausibleDateIsLeftOutWithAWarningOnTheItem(String date) {
        start();
        templates.pipeInput("bbc", BBC);
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", Instant.parse(date)).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getPublishedAt()).isNull();
        assertThat(e.getPublishedFrom()).isNull();
        assertThat(e.getFreshnessMs()).isNull();
        assertThat(e.getWarnings()).singleElement().asString().startsWith("published_at " + Instant.parse(date) + " is implausible");
    }

    @Test
    void aPlausibleFutureDateIsKeptWithoutAWarning() {
        start();
        templates.pipeInput("bbc", BBC);
        Instant nextWeek = NOW.plus(java.time.Duration.ofDays(7));
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", nextWeek).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getPublishedAt()).isEqualTo(nextWeek);
        assertThat(e.getWarnings()).isEmpty();
    }

    @Test
    void nulCharactersAreRemovedFromEveryTextWithAWarning() {
        start();
        templates.pipeInput("bbc", BBC);
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", null).setTitle("Null\u0000 byte").setAuthor("\u0000")
                .setDetailFields(Map.of("score", "4\u00002")).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getTitle()).isEqualTo("Null byte");
        assertThat(e.getAuthor()).isEmpty();
        assertThat(e.getDetailFields()).isEqualTo("{\"score\":\"42\"}");
        assertThat(e.getWarnings()).containsExactlyInAnyOrder("NUL characters removed from detail_fields",
                "NUL characters removed from title", "NUL characters removed from author");
    }

    @Test
    void anItemWaitsForItsPageDetailsAndGoesOnWithThem() {
        start();
        templates.pipeInput("bbc", BBC);
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", null).setPageDetails(true).setDetailFields(Map.of("score", "12", "by", "ann")).build());
        assertThat(out.isEmpty()).isTrue();

        details.pipeInput("bbc:1", page("bbc:1").build());

        EnrichedItem e = out.readValue();
        assertThat(e.getSourceName()).isEqualTo("BBC News");
        assertThat(e.getDescription()).isEqualTo("What the page says it is about");
        assertThat(e.getLanguage()).isEqualTo("en-GB");
        assertThat(e.getImageUrl()).isEqualTo("https://bbc.example/img/1.jpg");
        assertThat(e.getPageTitle()).isEqualTo("Page title");
        assertThat(e.getPageCanonicalUrl()).isEqualTo("https://bbc.example/news/1");
        assertThat(e.getSiteName()).isEqualTo("BBC");
        assertThat(e.getPageType()).isEqualTo("NewsArticle");
        assertThat(e.getPageAuthor()).isEqualTo("Ann Author");
        assertThat(e.getPublisher()).isEqualTo("BBC Ltd");
        assertThat(e.getExcerpt()).isEqualTo("The first words.");
        assertThat(e.getWordCount()).isEqualTo(321);
        assertThat(e.getDateModified()).isEqualTo(Instant.parse("2026-11-23T09:58:00Z"));
        assertThat(e.getDetailStatus()).isEqualTo(200);
        assertThat(e.getDetailFetchedAt()).isEqualTo(NOW);
        assertThat(e.getDetailError()).isNull();
        // The feed gave no date: the page's JSON-LD one fills in, and the freshness follows.
        assertThat(e.getPublishedAt()).isEqualTo(Instant.parse("2026-11-23T09:55:00Z"));
        assertThat(e.getPublishedFrom()).isEqualTo("json-ld");
        assertThat(e.getFreshnessMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(e.getDetailFields()).isEqualTo("{\"by\":\"ann\",\"score\":\"12\"}");
        assertThat(out.isEmpty()).isTrue();
        assertThat(entries(waiting())).isZero();
    }

    @Test
    void detailsThatComeBeforeTheirItemWaitForIt() {
        start();
        details.pipeInput("s:1", page("s:1").build());
        assertThat(out.isEmpty()).isTrue();

        fresh.pipeInput("s:1", item("s:1", "s", Instant.parse("2026-11-23T09:00:00Z")).setPageDetails(true).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getDescription()).isEqualTo("What the page says it is about");
        // The source's own date wins over the page's.
        assertThat(e.getPublishedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(e.getPublishedFrom()).isEqualTo("source");
        assertThat(e.getFreshnessMs()).isEqualTo(Duration.ofMinutes(60).toMillis());
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void anItemWhoseDetailsDoNotComeGoesOnAtTheDeadlineAndLateDetailsUpdateIt() {
        start(Map.of(TopologyConfig.ENRICHMENT_DETAIL_DEADLINE_MS, 20_000));
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).build());
        driver.advanceWallClockTime(Duration.ofSeconds(19));
        assertThat(out.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        EnrichedItem withoutDetails = out.readValue();
        assertThat(withoutDetails.getItemId()).isEqualTo("s:1");
        assertThat(withoutDetails.getDetailError()).isEqualTo("no page details within 20 s");
        assertThat(withoutDetails.getDescription()).isNull();
        assertThat(withoutDetails.getPublishedAt()).isNull();
        assertThat(withoutDetails.getFreshnessMs()).isNull();
        assertThat(out.isEmpty()).isTrue();

        details.pipeInput("s:1", page("s:1").build());
        EnrichedItem update = out.readValue();
        assertThat(update.getItemId()).isEqualTo("s:1");
        assertThat(update.getDetailError()).isNull();
        assertThat(update.getDescription()).isEqualTo("What the page says it is about");
        assertThat(update.getPublishedFrom()).isEqualTo("json-ld");
        assertThat(entries(waiting())).isZero();
    }

    @Test
    void afterTheLateWindowDetailsAreDroppedAndNothingStaysInTheStores() {
        start(Map.of(TopologyConfig.ENRICHMENT_DETAIL_DEADLINE_MS, 5_000, TopologyConfig.ENRICHMENT_DETAIL_LATE_MS, 60_000));
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).build());
        details.pipeInput("orphan:1", page("orphan:1").build());
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(out.readValue().getDetailError()).isEqualTo("no page details within 5 s");

        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(entries(waiting())).isZero();
        assertThat(entries(deadlines())).isZero();
        details.pipeInput("s:1", page("s:1").build());
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void aFailedPageFetchLetsTheItemGoAtOnceWithTheError() {
        start();
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).build());
        details.pipeInput("s:1", ItemDetails.newBuilder().setItemId("s:1").setContentHash("h-s:1").setUrl("https://bbc.example/s:1")
                .setFetchedAt(NOW).setHttpStatus(404).setError("HTTP 404").build());

        EnrichedItem e = out.readValue();
        assertThat(e.getDetailError()).isEqualTo("HTTP 404");
        assertThat(e.getDetailStatus()).isEqualTo(404);
        assertThat(e.getDescription()).isNull();
        assertThat(e.getTitle()).isEqualTo("Title of s:1");
    }

    @Test
    void aTemplateUpdatedWhileTheItemWaitedApplies() {
        start();
        templates.pipeInput("s", template("{\"name\":\"Old name\",\"tags\":[\"a\"]"));
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).build());
        templates.pipeInput("s", template("{\"name\":\"New name\",\"tags\":[\"b\"],\"pool\":\"us\""));
        details.pipeInput("s:1", page("s:1").build());

        EnrichedItem e = out.readValue();
        assertThat(e.getSourceName()).isEqualTo("New name");
        assertThat(e.getTags()).containsExactly("b");
        assertThat(e.getSourcePool()).isEqualTo("us");
    }

    @Test
    void detailsOfAnotherVersionOfTheItemDoNotCompleteIt() {
        start();
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).setContentHash("v2").build());
        details.pipeInput("s:1", page("s:1").setContentHash("v1").setDescription("Old page").build());
        assertThat(out.isEmpty()).isTrue();

        details.pipeInput("s:1", page("s:1").setContentHash("v2").setDescription("New page").build());
        assertThat(out.readValue().getDescription()).isEqualTo("New page");
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void withoutADeadlineItemsGoOnAtOnceAndTheirDetailsFollowAsAnUpdate() {
        start(Map.of(TopologyConfig.ENRICHMENT_DETAIL_DEADLINE_MS, 0));
        fresh.pipeInput("s:1", item("s:1", "s", null).setPageDetails(true).build());
        EnrichedItem first = out.readValue();
        assertThat(first.getDetailError()).isNull();
        assertThat(first.getDescription()).isNull();

        details.pipeInput("s:1", page("s:1").build());
        assertThat(out.readValue().getDescription()).isEqualTo("What the page says it is about");
    }

    @Test
    void anUpdatedTemplateAppliesToLaterItems() {
        start();
        templates.pipeInput("s", template("{\"name\":\"Old name\",\"tags\":[\"a\"]"));
        fresh.pipeInput("s:1", item("s:1", "s", null).build());
        templates.pipeInput("s", template("{\"name\":\"New name\",\"tags\":[\"b\",\"c\"]"));
        fresh.pipeInput("s:2", item("s:2", "s", null).build());

        List<EnrichedItem> results = out.readValuesToList();
        assertThat(results).extracting(EnrichedItem::getSourceName).containsExactly("Old name", "New name");
        assertThat(results.get(1).getTags()).containsExactly("b", "c");
        assertThat(results.get(1).getSourcePool()).isEqualTo("default");
    }

    /**
     * Enrichment reads templates with the fetchers' parser: a template without a name stamps its
     * source id (as documented), and a refused update changes nothing, since the fetchers go on
     * polling the previous version.
     */
    @Test
    void usesTheTemplatesTheFetchersAcceptAndNothingElse() {
        start();
        templates.pipeInput("unnamed", template("\"tags\":[\"x\"]"));
        fresh.pipeInput("unnamed:1", item("unnamed:1", "unnamed", null).build());
        templates.pipeInput("s", template("{\"name\":\"Valid\",\"tags\":[\"a\"]"));
        templates.pipeInput("s", "{\"name\":\"Refused\",\"tags\":[\"b\"],\"url\":\"ftp://nowhere/\",\"kind\":\"feed\"}");
        templates.pipeInput("s", "{\"name\":\"Not JSON\"");
        fresh.pipeInput("s:1", item("s:1", "s", null).build());

        List<EnrichedItem> results = out.readValuesToList();
        assertThat(results.get(0).getSourceName()).isEqualTo("unnamed");
        assertThat(results.get(0).getTags()).containsExactly("x");
        assertThat(results.get(1).getSourceName()).isEqualTo("Valid");
        assertThat(results.get(1).getTags()).containsExactly("a");
    }

    /** A feed template with the given members (a JSON fragment, with or without its opening brace). */
    private static String template(String members) {
        String body = members.startsWith("{") ? members.substring(1) : members;
        return "{\"url\":\"https://h.example/feed\",\"kind\":\"feed\"," + body + "}";
    }

    @Test
    void itemsOfUnknownDeletedOrUnreadableSourcesStillPass() {
        start();
        fresh.pipeInput("ghost:1", item("ghost:1", "ghost", null).build());
        templates.pipeInput("gone", template("{\"name\":\"Gone\""));
        templates.pipeInput("gone", (String) null);
        fresh.pipeInput("gone:1", item("gone:1", "gone", null).build());
        templates.pipeInput("broken", "{not json");
        fresh.pipeInput("broken:1", item("broken:1", "broken", null).build());

        List<EnrichedItem> results = out.readValuesToList();
        assertThat(results).extracting(EnrichedItem::getItemId).containsExactly("ghost:1", "gone:1", "broken:1");
        assertThat(results).allSatisfy(e -> {
            assertThat(e.getSourceName()).isNull();
            assertThat(e.getSourcePool()).isNull();
            assertThat(e.getTags()).isEmpty();
        });
    }

    @Test
    void aStoryKeepsItsCanonicalUrlAndStoryId() {
        start();
        templates.pipeInput("bbc", BBC);
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", null)
                .setCanonicalUrl("https://bbc.example/bbc:1").setStoryId("bbc:1").setContentHash("h1").setEmitChanges(true).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getCanonicalUrl()).isEqualTo("https://bbc.example/bbc:1");
        assertThat(e.getStoryId()).isEqualTo("bbc:1");
        assertThat(e.getSourceName()).isEqualTo("BBC News");
    }

    @Test
    void anItemWrittenBeforeTheNewFieldsStillPassesAtOnce() {
        start();
        fresh.pipeInput("old:1", RawItem.newBuilder().setItemId("old:1").setSourceId("old").setDiscoveredAt(DISCOVERED).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getItemId()).isEqualTo("old:1");
        assertThat(e.getCanonicalUrl()).isNull();
        assertThat(e.getStoryId()).isNull();
        assertThat(e.getDetailFields()).isNull();
        assertThat(e.getDetailError()).isNull();
    }

    /** Entries really in a store (RocksDB's own count is an estimate that includes deleted keys). */
    private static long entries(KeyValueStore<?, ?> store) {
        long count = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private KeyValueStore<String, PendingItem> waiting() {
        return driver.getKeyValueStore(EnrichmentTopology.WAITING_STORE);
    }

    private KeyValueStore<Object, Object> deadlines() {
        return driver.getKeyValueStore(EnrichmentTopology.DEADLINES_STORE);
    }

    private static RawItem.Builder item(String id, String source, Instant published) {
        return RawItem.newBuilder()
                .setItemId(id)
                .setSourceId(source)
                .setUrl("https://bbc.example/" + id)
                .setTitle("Title of " + id)
                .setPublishedAt(published)
                .setDiscoveredAt(DISCOVERED)
                .setContentHash("h-" + id);
    }

    private static ItemDetails.Builder page(String id) {
        return ItemDetails.newBuilder()
                .setItemId(id)
                .setContentHash("h-" + id)
                .setUrl("https://bbc.example/" + id)
                .setFinalUrl("https://bbc.example/news/1")
                .setFetchedAt(NOW)
                .setHttpStatus(200)
                .setContentType("text/html")
                .setTitle("Page title")
                .setDescription("What the page says it is about")
                .setCanonicalUrl("https://bbc.example/news/1")
                .setSiteName("BBC")
                .setPageType("NewsArticle")
                .setLanguage("en-GB")
                .setImageUrl("https://bbc.example/img/1.jpg")
                .setAuthor("Ann Author")
                .setPublisher("BBC Ltd")
                .setPublishedAt(Instant.parse("2026-11-23T09:55:00Z"))
                .setPublishedFrom("json-ld")
                .setModifiedAt(Instant.parse("2026-11-23T09:58:00Z"))
                .setExcerpt("The first words.")
                .setWordCount(321);
    }
}
