package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The freshness a poll reports: discovered - published of its new items, the first backlog excluded. */
class FreshnessTest {

    private static final String LIST = "https://news.example/list";

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final ExecutorService parsePool = Executors.newFixedThreadPool(2);
    private final PollScheduler scheduler = new PollScheduler(http, Map.of(SourceKind.JSON, new LineListExtractor()),
            new CollectingItemSink(sent), parsePool, polls::add, 100, Clock.systemUTC(),
            new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 2));

    @AfterEach
    void stop() {
        scheduler.close();
        parsePool.shutdownNow();
    }

    @Test
    void newDatedItemsTellHowLongAfterTheirPublicationTheyWereFound() {
        String backlog = "old|An old story||" + Instant.now().minus(Duration.ofDays(3)) + "\n";
        http.answer(LIST, 200, backlog, null);
        scheduler.upsert(new SourceTemplate("src", "src", URI.create(LIST), SourceKind.JSON, Duration.ofMillis(100), true, List.of(),
                Map.of(), null, null, EmitMode.NEW, null, null));
        // Items are sent before their poll's result is told: wait for both.
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1 && !polls.isEmpty());
        // The backlog at the first poll says how old the source's items are, not how fresh the polling is.
        assertThat(polls.get(0).itemsNew()).isEqualTo(1);
        assertThat(polls.get(0).freshness()).isEmpty();

        Instant now = Instant.now();
        http.answer(LIST, 200, backlog + "b|Posted 30 s ago||" + now.minusSeconds(30) + "\nc|Undated\nd|Dated ahead||"
                + now.plusSeconds(600) + "\n", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 4 && polls.stream().anyMatch(p -> p.itemsNew() == 3));
        PollResult found = polls.stream().filter(p -> p.itemsNew() == 3).findFirst().orElseThrow();

        assertThat(found.freshness()).hasSize(2);
        assertThat(found.freshness().get(0)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(40));
        assertThat(found.freshness().get(1)).as("an item dated ahead counts as found at once").isZero();
        assertThat(polls.stream().filter(p -> p.itemsNew() == 0).flatMap(p -> p.freshness().stream())).isEmpty();
    }
}
