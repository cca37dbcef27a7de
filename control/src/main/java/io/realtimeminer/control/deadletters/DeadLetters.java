package io.realtimeminer.control.deadletters;

import io.realtimeminer.avro.DeadLetterReplay;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dead letters of every stage: listed newest first with their reasons and their last replay,
 * and replayed (all, or by id) by publishing a copy of each to the topic it came from, with the
 * parking headers dropped and {@value Topics#REPLAYED_FROM_HEADER} added, oldest first, each replay
 * recorded on {@link Topics#DEAD_LETTER_REPLAYS}. A replay is only as good as the fix made before
 * it: a letter that fails again is parked again, as a new letter.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Letters read per stage at most: the newest of each partition. */
    public static final int READ_AT_MOST = 10_000;

    /** A letter and its last replay (null: never replayed). */
    public record Listed(DeadLetter letter, DeadLetterReplay lastReplay) {
    }

    /** A letter not replayed, and why. */
    public record Skipped(String id, String reason) {
    }

    /** What a replay did: the copies published (their records), the letters skipped, the ids not found. */
    public record ReplayReport(List<DeadLetterReplay> replayed, List<Skipped> skipped, List<String> unknown) {
    }

    private final Map<String, DeadLetterStage> stages = new LinkedHashMap<>();
    private final DeadLetterRecords records;
    private final ReplayVeto veto;
    private final Clock clock;

    public DeadLetters(List<DeadLetterStage> stages, DeadLetterRecords records, ReplayVeto veto, Clock clock) {
        stages.forEach(stage -> this.stages.put(stage.name(), stage));
        this.records = records;
        this.veto = veto;
        this.clock = clock;
    }

    public List<DeadLetterStage> stages() {
        return List.copyOf(stages.values());
    }

    public Optional<DeadLetterStage> stage(String name) {
        return Optional.ofNullable(stages.get(name));
    }

    /** The stage's letters, newest first, with their last replay. */
    public List<Listed> list(DeadLetterStage stage) {
        Map<String, DeadLetterReplay> replays = records.replays();
        return records.newest(stage.topic(), READ_AT_MOST).stream()
                .map(record -> new Listed(DeadLetter.of(record, stage), replays.get(letterKey(record))))
                .toList();
    }

    /**
     * Replays letters of a stage.
     *
     * @param ids   the letters to replay ({@code partition-offset}); null for every letter not replayed yet
     * @param again with {@code ids} null: also the letters replayed before
     * @param by    who asked (instance, or instance/login)
     */
    public ReplayReport replay(DeadLetterStage stage, Set<String> ids, boolean again, String by) {
        Map<String, DeadLetterReplay> replays = records.replays();
        List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
        Set<String> unknown = ids == null ? new LinkedHashSet<>() : new LinkedHashSet<>(ids);
        for (ConsumerRecord<byte[], byte[]> record : records.newest(stage.topic(), READ_AT_MOST)) {
            String id = record.partition() + "-" + record.offset();
            boolean wanted = ids == null ? again || !replays.containsKey(letterKey(record)) : ids.contains(id);
            if (wanted) {
                chosen.add(record);
            }
            unknown.remove(id);
        }
        // Oldest first: versions of one key keep their order.
        chosen.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        List<DeadLetterReplay> replayed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : chosen) {
            DeadLetter letter = DeadLetter.of(record, stage);
            Optional<String> refused = letter.origin() == null ? Optional.of("it does not say which topic it came from")
                    : veto.refuse(stage, letter, record.value());
            if (refused.isPresent()) {
                skipped.add(new Skipped(letter.id(), refused.get()));
                continue;
            }
            replayed.add(replay(stage, record, letter, by));
        }
        return new ReplayReport(replayed, skipped, List.copyOf(unknown));
    }

    private DeadLetterReplay replay(DeadLetterStage stage, ConsumerRecord<byte[], byte[]> record, DeadLetter letter, String by) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!DeadLetter.parkingHeader(header.key()) && !header.key().equals(Topics.REPLAYED_FROM_HEADER)) {
                headers.add(header);
            }
        }
        String key = letterKey(record);
        headers.add(Topics.REPLAYED_FROM_HEADER, key.getBytes(StandardCharsets.UTF_8));
        // No partition given: the key's partition, as for the original (a template's owner gets it).
        RecordMetadata stored = records.publish(new ProducerRecord<>(letter.origin().topic(), null, record.key(), record.value(), headers));
        DeadLetterReplay replay = DeadLetterReplay.newBuilder().setStage(stage.name()).setLetterTopic(record.topic())
                .setLetterPartition(record.partition()).setLetterOffset(record.offset()).setReplayedAt(clock.instant()).setReplayedBy(by)
                .setTargetTopic(stored.topic()).setTargetPartition(stored.partition()).setTargetOffset(stored.offset()).build();
        records.record(key, replay);
        LOG.info("dead letter {} of stage {} replayed by {} to {}-{}@{}", key, stage.name(), by, stored.topic(), stored.partition(),
                stored.offset());
        return replay;
    }

    /** How a letter is named in the replay log: {@code topic-partition@offset}. */
    static String letterKey(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
