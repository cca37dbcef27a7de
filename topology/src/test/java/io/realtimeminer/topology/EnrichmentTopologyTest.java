package io.realtimeminer.topology;

import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EnrichmentTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");
    private static final Instant DISCOVERED = Instant.parse("2026-11-23T10:00:00Z");

    private final Serde<RawItem> items = AvroTestSerdes.of(RawItem.class);
    private final Serde<EnrichedItem> enriched = AvroTestSerdes.of(EnrichedItem.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> templates;
    private TestInputTopic<String, RawItem> fresh;
    private TestOutputTopic<String, EnrichedItem> out;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        EnrichmentTopology.build(builder, items, enriched, Clock.fixed(NOW, ZoneOffset.UTC));
        Properties props = new Properties();
        props.put("application.id", "enrichment-test");
        props.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        templates = driver.createInputTopic(Topics.TEMPLATES, Serdes.String().serializer(), Serdes.String().serializer());
        fresh = driver.createInputTopic(Topics.ITEMS_NEW, Serdes.String().serializer(), items.serializer());
        out = driver.createOutputTopic(Topics.ITEMS_ENRICHED, Serdes.String().deserializer(), enriched.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void anItemGetsItsSourceNameTagsAndTimestamps() {
        templates.pipeInput("bbc", "{\"name\":\"BBC News\",\"url\":\"https://bbc.example/rss\",\"kind\":\"feed\",\"tags\":[\"news\",\"uk\"]}");
        Instant published = Instant.parse("2026-11-23T09:59:00Z");
        fresh.pipeInput("bbc:1", item("bbc:1", "bbc", published));

        EnrichedItem e = out.readValue();
        assertThat(e.getItemId()).isEqualTo("bbc:1");
        assertThat(e.getSourceId()).isEqualTo("bbc");
        assertThat(e.getSourceName()).isEqualTo("BBC News");
        assertThat(e.getTags()).containsExactly("news", "uk");
        assertThat(e.getTitle()).isEqualTo("Title of bbc:1");
        assertThat(e.getUrl()).isEqualTo("https://bbc.example/bbc:1");
        assertThat(e.getPublishedAt()).isEqualTo(published);
        assertThat(e.getDiscoveredAt()).isEqualTo(DISCOVERED);
        assertThat(e.getEnrichedAt()).isEqualTo(NOW);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void anUpdatedTemplateAppliesToLaterItems() {
        templates.pipeInput("s", "{\"name\":\"Old name\",\"tags\":[\"a\"]}");
        fresh.pipeInput("s:1", item("s:1", "s", null));
        templates.pipeInput("s", "{\"name\":\"New name\",\"tags\":[\"b\",\"c\"]}");
        fresh.pipeInput("s:2", item("s:2", "s", null));

        var results = out.readValuesToList();
        assertThat(results).extracting(EnrichedItem::getSourceName).containsExactly("Old name", "New name");
        assertThat(results.get(1).getTags()).containsExactly("b", "c");
    }

    @Test
    void itemsOfUnknownDeletedOrUnreadableSourcesStillPass() {
        fresh.pipeInput("ghost:1", item("ghost:1", "ghost", null));
        templates.pipeInput("gone", "{\"name\":\"Gone\"}");
        templates.pipeInput("gone", (String) null);
        fresh.pipeInput("gone:1", item("gone:1", "gone", null));
        templates.pipeInput("broken", "{not json");
        fresh.pipeInput("broken:1", item("broken:1", "broken", null));

        var results = out.readValuesToList();
        assertThat(results).extracting(EnrichedItem::getItemId).containsExactly("ghost:1", "gone:1", "broken:1");
        assertThat(results).allSatisfy(e -> {
            assertThat(e.getSourceName()).isNull();
            assertThat(e.getTags()).isEmpty();
        });
    }

    @Test
    void aStoryKeepsItsCanonicalUrlAndStoryId() {
        templates.pipeInput("bbc", "{\"name\":\"BBC News\",\"tags\":[\"news\"]}");
        fresh.pipeInput("bbc:1", RawItem.newBuilder(item("bbc:1", "bbc", null))
                .setCanonicalUrl("https://bbc.example/bbc:1").setStoryId("bbc:1").setContentHash("h1").setEmitChanges(true).build());

        EnrichedItem e = out.readValue();
        assertThat(e.getCanonicalUrl()).isEqualTo("https://bbc.example/bbc:1");
        assertThat(e.getStoryId()).isEqualTo("bbc:1");
        assertThat(e.getSourceName()).isEqualTo("BBC News");
    }

    @Test
    void anItemWrittenBeforeTheNewFieldsStillPasses() {
        fresh.pipeInput("old:1", item("old:1", "old", null));

        EnrichedItem e = out.readValue();
        assertThat(e.getItemId()).isEqualTo("old:1");
        assertThat(e.getCanonicalUrl()).isNull();
        assertThat(e.getStoryId()).isNull();
    }

    private static RawItem item(String id, String source, Instant published) {
        return RawItem.newBuilder()
                .setItemId(id)
                .setSourceId(source)
                .setUrl("https://bbc.example/" + id)
                .setTitle("Title of " + id)
                .setPublishedAt(published)
                .setDiscoveredAt(DISCOVERED)
                .build();
    }
}
