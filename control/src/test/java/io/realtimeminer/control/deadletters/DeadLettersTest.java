package io.realtimeminer.control.deadletters;

import io.realtimeminer.avro.DeadLetterReplay;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.testing.ManualClock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final DeadLetterStage TEMPLATES = new DeadLetterStage("templates", Topics.TEMPLATES_DLQ, Topics.TEMPLATES, "refused");
    private static final DeadLetterStage DEDUPE = new DeadLetterStage("dedupe", "miner.dedupe.dlq", null, "unreadable");
    private static final DeadLetterStage SINK = new DeadLetterStage("items-sink", "miner.items.enriched.dlq", null, "refused rows");

    private final InMemoryDeadLetterRecords records = new InMemoryDeadLetterRecords()
            .park(Topics.TEMPLATES_DLQ, T0.toEpochMilli(), "s1", "{\"kind\":\"rss\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(Topics.ERROR_HEADER, "template 's1' is invalid: $.kind: unknown kind", Topics.ORIGIN_HEADER,
                            "miner.templates-3@41", "trace", "abc"))
            .park(Topics.TEMPLATES_DLQ, T0.plusSeconds(5).toEpochMilli(), "s2", "{\"kind\":\"feed\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(Topics.ERROR_HEADER, "template 's2' is invalid: $.url: missing", Topics.ORIGIN_HEADER, "miner.templates-0@7"))
            .park("miner.dedupe.dlq", T0.toEpochMilli(), "item-1", new byte[] {0, 0, 0, 0, 9, 1, 2},
                    Map.of("__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException",
                            "__streams.errors.message", "Unknown magic byte!", "__streams.errors.topic", "miner.items.raw",
                            "__streams.errors.partition", "1", "__streams.errors.offset", "9001", "__streams.errors.stacktrace", "..."))
            .park("miner.items.enriched.dlq", T0.toEpochMilli(), "item-2", new byte[] {0, 0, 0, 0, 3},
                    Map.of("__connect.errors.exception.class.name", "org.postgresql.util.PSQLException",
                            "__connect.errors.exception.message", "value too long for type character varying(2048)",
                            "__connect.errors.topic", "miner.items.enriched", "__connect.errors.partition", "0",
                            "__connect.errors.offset", "12"));
    private final ManualClock clock = new ManualClock(T0.plusSeconds(60));

    @Test
    void eachStagesHeadersGiveTheReasonAndWhereTheLetterCameFrom() {
        DeadLetters letters = new DeadLetters(java.util.List.of(TEMPLATES, DEDUPE, SINK), records, ReplayVeto.NONE, clock);

        DeadLetter template = letters.list(TEMPLATES).get(1).letter();
        assertThat(letters.list(TEMPLATES)).extracting(l -> l.letter().key()).as("newest first").containsExactly("s2", "s1");
        assertThat(template.id()).isEqualTo("0-0");
        assertThat(template.reason()).isEqualTo("template 's1' is invalid: $.kind: unknown kind");
        assertThat(template.origin()).isEqualTo(new DeadLetter.Origin(Topics.TEMPLATES, 3, 41L));
        assertThat(template.valueText()).isEqualTo("{\"kind\":\"rss\"}");

        DeadLetter poison = letters.list(DEDUPE).get(0).letter();
        assertThat(poison.reason()).isEqualTo("Unknown magic byte!");
        assertThat(poison.exception()).endsWith("SerializationException");
        assertThat(poison.origin()).isEqualTo(new DeadLetter.Origin("miner.items.raw", 1, 9001L));
        assertThat(poison.valueText()).as("binary").isNull();
        assertThat(poison.valueBytes()).isEqualTo(7);

        DeadLetter refusedRow = letters.list(SINK).get(0).letter();
        assertThat(refusedRow.reason()).startsWith("value too long");
        assertThat(refusedRow.exception()).endsWith("PSQLException");
        assertThat(refusedRow.origin()).isEqualTo(new DeadLetter.Origin("miner.items.enriched", 0, 12L));
    }

    @Test
    void aReplayPublishesACopyWhereTheLetterCameFromAndRecordsIt() {
        DeadLetters letters = new DeadLetters(java.util.List.of(TEMPLATES, DEDUPE), records, ReplayVeto.NONE, clock);

        DeadLetters.ReplayReport report = letters.replay(DEDUPE, Set.of("0-0", "0-5"), false, "fetcher-1/ops");

        assertThat(report.unknown()).containsExactly("0-5");
        ProducerRecord<byte[], byte[]> copy = records.published().get(0);
        assertThat(copy.topic()).isEqualTo("miner.items.raw");
        assertThat(copy.partition()).as("the key's partition, as the original's").isNull();
        assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo("item-1");
        assertThat(copy.value()).containsExactly(0, 0, 0, 0, 9, 1, 2);
        assertThat(copy.headers().toArray()).extracting(h -> h.key()).containsExactly(Topics.REPLAYED_FROM_HEADER);
        assertThat(new String(copy.headers().lastHeader(Topics.REPLAYED_FROM_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("miner.dedupe.dlq-0@0");
        DeadLetterReplay replay = report.replayed().get(0);
        assertThat(replay.getReplayedBy()).isEqualTo("fetcher-1/ops");
        assertThat(replay.getReplayedAt()).isEqualTo(clock.instant());
        assertThat(replay.getTargetTopic()).isEqualTo("miner.items.raw");
        assertThat(letters.list(DEDUPE).get(0).lastReplay()).isEqualTo(replay);
    }

    @Test
    void replayingAllTakesTheLettersNotReplayedYetOldestFirstUnlessAskedAgain() {
        DeadLetters letters = new DeadLetters(java.util.List.of(TEMPLATES), records, ReplayVeto.NONE, clock);

        assertThat(letters.replay(TEMPLATES, null, false, "i").replayed()).extracting(DeadLetterReplay::getLetterOffset)
                .containsExactly(0L, 1L);
        assertThat(records.published()).extracting(p -> new String(p.key(), StandardCharsets.UTF_8)).containsExactly("s1", "s2");
        assertThat(records.published().get(0).headers().lastHeader("trace")).as("other headers are kept").isNotNull();
        assertThat(records.published().get(0).headers().lastHeader(Topics.ERROR_HEADER)).isNull();
        assertThat(letters.replay(TEMPLATES, null, false, "i").replayed()).isEmpty();
        assertThat(letters.replay(TEMPLATES, null, true, "i").replayed()).hasSize(2);
    }

    @Test
    void aVetoedLetterIsSkippedWithItsReason() {
        ReplayVeto onlyS2 = (stage, letter, value) -> "s2".equals(letter.key()) ? Optional.empty() : Optional.of("a newer version exists");
        DeadLetters letters = new DeadLetters(java.util.List.of(TEMPLATES), records, onlyS2, clock);

        DeadLetters.ReplayReport report = letters.replay(TEMPLATES, null, false, "i");

        assertThat(report.replayed()).extracting(DeadLetterReplay::getLetterOffset).containsExactly(1L);
        assertThat(report.skipped()).containsExactly(new DeadLetters.Skipped("0-0", "a newer version exists"));
    }
}
