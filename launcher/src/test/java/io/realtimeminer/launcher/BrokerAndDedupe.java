package io.realtimeminer.launcher;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedKafka;
import io.realtimeminer.stack.PipelineTopics;
import io.realtimeminer.testing.AvroTestSerdes;
import io.realtimeminer.topology.DedupeSerdes;
import io.realtimeminer.topology.DedupeTopology;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A JVM for {@link MidCommitCrashIT}: an embedded broker, the dedupe topology on it (exactly-once) and
 * a producer of raw items with distinct ids and links, the way {@code miner up} runs a broker and
 * topologies in one process. Prints {@code STATE <state>} on each Streams state change and
 * {@code PRODUCED <n>} when its producing time is over; then runs until killed.
 *
 * <p>Arguments: data dir, client port (the controller takes the next one), cluster id, id prefix of
 * the items, how long to produce (ms).
 */
public final class BrokerAndDedupe {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String clusterId = args[2];
        String prefix = args[3];
        long produceMs = Long.parseLong(args[4]);
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), clusterId, port, port + 1);
        kafka.start(Duration.ofSeconds(120));
        Map<String, Object> settings = new HashMap<>();
        settings.put(TopologyConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(TopologyConfig.REGISTRY_URL, "http://127.0.0.1:1");
        settings.put(TopologyConfig.STATE_DIR, dir.resolve("streams").toString());
        TopologyConfig config = new TopologyConfig(settings);
        try (PipelineTopics topics = new PipelineTopics(KafkaClients.of(kafka.bootstrapServers(), Map.of()), (short) -1)) {
            for (String topic : List.of(Topics.ITEMS_RAW, Topics.ITEMS_NEW, Topics.SIGHTINGS, config.deadLetterTopic("dedupe"))) {
                topics.ensure(topic, 4, Map.of());
            }
        }
        StreamsBuilder builder = new StreamsBuilder();
        DedupeTopology.build(builder, new DedupeSerdes(AvroTestSerdes.of(RawItem.class), AvroTestSerdes.of(Sighting.class)), config);
        Properties props = new Properties();
        props.putAll(config.streamsProperties("dedupe"));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setStateListener((now, before) -> System.out.println(Instant.now() + " STATE " + now));
        streams.start();
        Serde<RawItem> items = AvroTestSerdes.of(RawItem.class);
        Map<String, Object> producerProps = KafkaClients.of(kafka.bootstrapServers(), Map.of()).producer("crash-test-producer");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                Serdes.ByteArray().serializer())) {
            long end = System.currentTimeMillis() + produceMs;
            int n = 0;
            while (System.currentTimeMillis() < end) {
                String id = prefix + "-" + n++;
                RawItem item = RawItem.newBuilder().setItemId(id).setSourceId("s" + (n % 7)).setUrl("https://example.com/" + id)
                        .setTitle("t " + id).setDiscoveredAt(Instant.now()).setContentHash("h" + id).build();
                producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, id, items.serializer().serialize(Topics.ITEMS_RAW, item)));
                Thread.sleep(2);
            }
            producer.flush();
            System.out.println(Instant.now() + " PRODUCED " + n);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
