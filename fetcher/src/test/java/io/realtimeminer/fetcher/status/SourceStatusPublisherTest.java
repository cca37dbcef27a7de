package io.realtimeminer.fetcher.status;

import io.realtimeminer.fetcher.http.FailureKind;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.fetcher.schedule.LatestItems;
import io.realtimeminer.fetcher.schedule.NewItemRhythm;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.SourceReport;
import io.realtimeminer.kafka.LatestPerKeyWriter;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status record of each poll, as the source_status table and the API read it. */
class SourceStatusPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final SourceTemplate TEMPLATE = new SourceTemplate("news", "News", URI.create("https://news.example/feed"),
            SourceKind.FEED, Duration.ofMinutes(1), true, List.of(), Map.of());

    private final Serializer<SourceStatus> values = (topic, status) -> status == null ? null : new byte[]{1};
    private final MockProducer<String, SourceStatus> producer = new MockProducer<>(true, null, new StringSerializer(), values);
    private final SourceStatusPublisher publisher = new SourceStatusPublisher(
            new LatestPerKeyWriter<>(producer, Topics.SOURCE_STATUS, id -> "the status of " + id, "test-status"), "fetcher-1", "eu");

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void aPollWithNewItemsTellsWhatItFoundAndWhenTheNextIsDue() throws InterruptedException {
        PollResult poll = new PollResult("news", PollResult.Outcome.ITEMS, T0, Duration.ofMillis(40), Duration.ofMillis(250), 200,
                12, 3, null, 1, 0, 0, 0, null, 48_000, List.of());
        publisher.polled(new SourceReport(TEMPLATE, poll, T0.plusMillis(40), T0.plusMillis(290), 0, T0.plusSeconds(60),
                new NewItemRhythm(T0.plusMillis(290), Duration.ofMinutes(7)),
                new LatestItems(List.of(new LatestItems.Item("news:01", "Markets open higher", "https://news.example/a", T0.minusSeconds(30),
                        T0.plusMillis(290))))));

        SourceStatus status = sent().get(0).value();
        assertThat(status.getSourceId()).isEqualTo("news");
        assertThat(status.getInstanceId()).isEqualTo("fetcher-1");
        assertThat(status.getPool()).isEqualTo("eu");
        assertThat(status.getKind()).isEqualTo("feed");
        assertThat(status.getUrl()).isEqualTo("https://news.example/feed");
        assertThat(status.getOutcome()).isEqualTo("new_items");
        assertThat(status.getHttpStatus()).isEqualTo(200);
        assertThat(status.getPollStarted()).isEqualTo(T0.plusMillis(40));
        assertThat(status.getPollEnded()).isEqualTo(T0.plusMillis(290));
        assertThat(status.getLatencyMs()).isEqualTo(250);
        assertThat(status.getScheduleLagMs()).isEqualTo(40);
        assertThat(status.getBytes()).isEqualTo(48_000);
        assertThat(status.getItemsFound()).isEqualTo(12);
        assertThat(status.getItemsNew()).isEqualTo(3);
        assertThat(status.getItemsChanged()).isEqualTo(1);
        assertThat(status.getNextDue()).isEqualTo(T0.plusSeconds(60));
        assertThat(status.getLastNewItemAt()).isEqualTo(T0.plusMillis(290));
        assertThat(status.getUsualNewItemGapMs()).isEqualTo(Duration.ofMinutes(7).toMillis());
        assertThat(status.getLatestItems()).singleElement().satisfies(item -> {
            assertThat(item.getItemId()).isEqualTo("news:01");
            assertThat(item.getTitle()).isEqualTo("Markets open higher");
            assertThat(item.getUrl()).isEqualTo("https://news.example/a");
            assertThat(item.getPublishedAt()).isEqualTo(T0.minusSeconds(30));
            assertThat(item.getDiscoveredAt()).isEqualTo(T0.plusMillis(290));
        });
        assertThat(status.getError()).isNull();
        assertThat(status.getLastError()).isNull();
        assertThat(sent().get(0).key()).isEqualTo("news");
    }

    @Test
    void theLastErrorStaysAfterASuccessAndADeletedSourceGetsATombstone() throws InterruptedException {
        PollResult failed = new PollResult("news", PollResult.Outcome.FAILED, T0, Duration.ZERO, Duration.ofSeconds(10), 0, 0, 0,
                "connect to news.example:443 timed out after 10000 ms", 0, 0, 0, 0, FailureKind.TIMEOUT, 0, List.of());
        publisher.polled(new SourceReport(TEMPLATE, failed, T0, T0.plusSeconds(10), 1, T0.plusSeconds(60), NewItemRhythm.NONE, LatestItems.NONE));
        // Each written before the next comes: a newer status of a source replaces one not yet sent.
        sent();
        PollResult unchanged = new PollResult("news", PollResult.Outcome.NOT_MODIFIED, T0.plusSeconds(60), Duration.ZERO,
                Duration.ofMillis(30), 304, 0, 0, null);
        publisher.polled(new SourceReport(TEMPLATE, unchanged, T0.plusSeconds(60), T0.plusSeconds(60), 0, T0.plusSeconds(120),
                NewItemRhythm.NONE, LatestItems.NONE));
        sent();
        publisher.deleted("news");

        List<ProducerRecord<String, SourceStatus>> records = sent();
        assertThat(records).hasSize(3);
        SourceStatus first = records.get(0).value();
        assertThat(first.getOutcome()).isEqualTo("timeout");
        assertThat(first.getError()).isEqualTo("connect to news.example:443 timed out after 10000 ms");
        assertThat(first.getConsecutiveFailures()).isEqualTo(1);
        SourceStatus last = records.stream().map(ProducerRecord::value).filter(v -> v != null && v.getOutcome().equals("not_modified"))
                .findFirst().orElseThrow();
        assertThat(last.getError()).isNull();
        assertThat(last.getLastError()).isEqualTo(first.getError());
        assertThat(last.getLastErrorAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(records.get(records.size() - 1).key()).isEqualTo("news");
        assertThat(records.get(records.size() - 1).value()).as("tombstone").isNull();
    }

    @Test
    void everyOutcomeHasTheNameTheStatusTableDocuments() {
        for (FailureKind failure : FailureKind.values()) {
            PollResult poll = new PollResult("s", PollResult.Outcome.FAILED, T0, Duration.ZERO, Duration.ZERO, 0, 0, 0, "x", 0, 0, 0, 0,
                    failure, 0, List.of());
            assertThat(PollOutcomes.NAMES).contains(PollOutcomes.of(poll));
        }
        assertThat(PollOutcomes.of(new PollResult("s", PollResult.Outcome.ITEMS, T0, Duration.ZERO, Duration.ZERO, 200, 5, 0, null)))
                .isEqualTo("unchanged");
    }

    private List<ProducerRecord<String, SourceStatus>> sent() throws InterruptedException {
        assertThat(publisher.flush(Duration.ofSeconds(10))).isTrue();
        return producer.history();
    }
}
