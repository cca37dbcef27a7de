package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(1);
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final Serde<RawItem> items = AvroTestSerdes.of(RawItem.class);
    private TopologyTestDriver driver;
    private TestInputTopic<String, RawItem> raw;
    private TestOutputTopic<String, RawItem> fresh;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        DedupeTopology.build(builder, items, RETENTION);
        Properties props = new Properties();
        props.put("application.id", "dedupe-test");
        props.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        raw = driver.createInputTopic(Topics.ITEMS_RAW, Serdes.String().serializer(), items.serializer());
        fresh = driver.createOutputTopic(Topics.ITEMS_NEW, Serdes.String().deserializer(), items.deserializer());
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
    void anItemIsForgottenAfterTheRetentionAndItsSegmentsAreDropped() {
        raw.pipeInput("s1:old", item("s1:old", "Old"), T0);
        // Stream time moves well past the retention: the old sighting's segment expires.
        raw.pipeInput("s1:new", item("s1:new", "New"), T0.plus(RETENTION.multipliedBy(3)));
        raw.pipeInput("s1:old", item("s1:old", "Old, much later"), T0.plus(RETENTION.multipliedBy(3)).plusSeconds(1));

        assertThat(fresh.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("s1:old", "s1:new", "s1:old");
        assertThat(driver.<String, Long>getWindowStore(DedupeTopology.SEEN_STORE)
                .fetch("s1:old", T0.minus(RETENTION), T0.plus(RETENTION)).hasNext()).isFalse();
    }

    @Test
    void recordsWithoutKeyOrValueAreDropped() {
        raw.pipeInput(null, item("x", "no key"), T0);
        raw.pipeInput("s1:a", null, T0);

        assertThat(fresh.isEmpty()).isTrue();
    }

    @Test
    void processorsAndStoresAreNamed() {
        StreamsBuilder builder = new StreamsBuilder();
        DedupeTopology.build(builder, items, RETENTION);
        String description = builder.build().describe().toString();
        assertThat(description).contains(DedupeTopology.SOURCE, DedupeTopology.PROCESSOR, DedupeTopology.SINK, DedupeTopology.SEEN_STORE);
        assertThat(builder.build().describe().subtopologies()).hasSize(1);
        assertThat(builder.build().describe().subtopologies().iterator().next().nodes())
                .extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder(DedupeTopology.SOURCE, DedupeTopology.PROCESSOR, DedupeTopology.SINK);
    }

    static RawItem item(String id, String title) {
        return RawItem.newBuilder()
                .setItemId(id)
                .setSourceId(id.substring(0, Math.max(0, id.indexOf(':'))))
                .setUrl("https://example.org/" + id)
                .setTitle(title)
                .setDiscoveredAt(T0)
                .build();
    }
}
