package io.realtimeminer.launcher;

import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where a slow or stuck catch-up stands, for the end-to-end tests' logs: for each stage's topic
 * the committed records and distinct keys a read_committed consumer gets, the offsets readable
 * (last stable offset) against those written (high watermark, aborted records and transaction
 * markers included), the open transactions, and the state of the Streams applications' groups.
 * Items that reach one stage's committed records and not the next one's were dropped or aborted
 * there (the sightings tell whether dedupe took them for another source's story); a stage whose
 * readable offsets stop while its written ones grow has a transaction that never ends; a group
 * that stays in a rebalance has a member that does not come back.
 */
final class PipelineProbe {

    private static final List<String> STAGES = List.of(Topics.ITEMS_RAW, Topics.ITEMS_NEW, Topics.SIGHTINGS, Topics.ITEMS_DETAILS,
            Topics.ITEMS_ENRICHED);
    private static final List<String> GROUPS = List.of("miner-dedupe", "miner-enrichment");

    private PipelineProbe() {
    }

    /** One line: {@code topic readable/written ...; open transactions: ...; groups: ...}, or why it could not be read. */
    static String describe(KafkaClients clients) {
        try (Admin admin = Admin.create(clients.admin("pipeline-probe"))) {
            StringBuilder line = new StringBuilder();
            for (String topic : STAGES) {
                Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic).partitions().stream()
                        .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
                Map<TopicPartition, Long> readable = offsets(admin, latest, IsolationLevel.READ_COMMITTED);
                Map<TopicPartition, Long> written = offsets(admin, latest, IsolationLevel.READ_UNCOMMITTED);
                line.append(topic).append(' ').append(committed(clients, topic)).append(", offsets ").append(sum(readable)).append('/')
                        .append(sum(written));
                List<Integer> stuck = readable.keySet().stream().filter(tp -> !readable.get(tp).equals(written.get(tp)))
                        .map(TopicPartition::partition).sorted().toList();
                if (!stuck.isEmpty()) {
                    line.append(" (partitions with unreadable records: ").append(stuck).append(')');
                }
                line.append("; ");
            }
            List<TransactionListing> open = admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.state() != TransactionState.COMPLETE_COMMIT && t.state() != TransactionState.COMPLETE_ABORT
                            && t.state() != TransactionState.EMPTY)
                    .toList();
            line.append("open transactions: ").append(open.isEmpty() ? "none" : open.stream()
                    .map(t -> t.transactionalId() + " " + t.state()).collect(Collectors.joining(", "))).append("; groups: ");
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(GROUPS).all().get(10, TimeUnit.SECONDS);
            line.append(new TreeMap<>(groups).values().stream()
                    .map(g -> g.groupId() + " " + g.groupState() + " " + g.members().size() + " members")
                    .collect(Collectors.joining(", ")));
            return line.toString();
        } catch (Exception e) {
            return "the pipeline's topics could not be read: " + e;
        }
    }

    /** "N committed (K keys)": what a read_committed consumer reads of the topic, from its beginning to its last stable offset. */
    private static String committed(KafkaClients clients, String topic) {
        try {
            List<String> keys = committedKeys(clients, topic);
            return keys.size() + " committed (" + new HashSet<>(keys).size() + " keys)";
        } catch (RuntimeException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /**
     * The key of every record a read_committed consumer reads of {@code topic}, from its beginning to
     * its last stable offset (within 20 s), in the order read; a record without key counts as "".
     */
    static List<String> committedKeys(KafkaClients clients, String topic) {
        return committedRecords(clients, topic, new ByteArrayDeserializer()).stream()
                .map(record -> record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).toList();
    }

    /**
     * Every record a read_committed consumer reads of {@code topic} (keys as bytes, values through
     * {@code values}), from its beginning to its last stable offset (within 20 s), in the order read.
     */
    static <V> List<ConsumerRecord<byte[], V>> committedRecords(KafkaClients clients, String topic, Deserializer<V> values) {
        Map<String, Object> settings = clients.consumer(null, "pipeline-probe");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> latest, IsolationLevel isolation)
            throws Exception {
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
