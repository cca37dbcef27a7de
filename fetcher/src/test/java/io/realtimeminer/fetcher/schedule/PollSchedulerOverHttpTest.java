package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.LocalFeedServer.Item;
import io.realtimeminer.fetcher.LocalFeedServer;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.FeedExtractor;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/**
 * The scheduler over the real HTTP engine and a local server: items with their fields, conditional
 * GETs, and failures of every kind recorded per source while a healthy one keeps its turns. Timing
 * logic is asserted on a manual clock in {@link PollSchedulerTest}.
 */
class PollSchedulerOverHttpTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final CountingExtractor extractor = new CountingExtractor(new FeedExtractor());
    private LocalFeedServer server;
    private AsyncHttpPageFetcher http;
    private ExecutorService parsePool;
    private PollScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        server = new LocalFeedServer();
        http = new AsyncHttpPageFetcher(new FetcherConfig(Map.of(
                FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, true,
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0, FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0,
                FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 8,
                FetcherConfig.HTTP_RESPONSE_TIMEOUT_MS, 1_000,
                FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 2_500,
                // Every failure reaches the scheduler: its handling of them is what these tests watch.
                FetcherConfig.HTTP_RETRIES, 0,
                FetcherConfig.HTTP_MAX_BODY_BYTES, 64 * 1024)).httpSettings());
        parsePool = Executors.newFixedThreadPool(2);
        ItemSink sink = new CollectingItemSink(sent);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, extractor), sink, parsePool, polls::add, 100, Clock.systemUTC(),
                new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 30));
    }

    @AfterEach
    void stop() {
        scheduler.close();
        http.close();
        parsePool.shutdownNow();
        server.close();
    }

    @Test
    void emitsEachItemOnceAndOnlyNewItemsLater() {
        var feed = server.feed("news").add(item(1)).add(item(2));
        scheduler.upsert(template("news", Duration.ofMillis(200)));

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 2);
        assertThat(sent).extracting(RawItem::getTitle).containsExactlyInAnyOrder("Story 1", "Story 2");
        RawItem first = sent.stream().filter(i -> i.getTitle().equals("Story 1")).findFirst().orElseThrow();
        assertThat(first.getSourceId()).isEqualTo("news");
        assertThat(first.getItemId()).startsWith("news:").hasSize("news:".length() + 16);
        assertThat(first.getUrl()).isEqualTo("https://example.org/story/1");
        assertThat(first.getSourceItemId()).isEqualTo("guid-1");
        assertThat(first.getPublishedAt()).isEqualTo(T0.plusSeconds(1));

        feed.add(item(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 3);
        int requests = feed.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.requests() >= requests + 3);
        assertThat(sent).extracting(RawItem::getTitle).containsExactlyInAnyOrder("Story 1", "Story 2", "Story 3");
    }

    @Test
    void anUnchangedFeedCostsOnlyAConditionalGetAndNoParsing() {
        var feed = server.feed("quiet").add(item(1));
        scheduler.upsert(template("quiet", Duration.ofMillis(200)));

        await().atMost(Duration.ofSeconds(10)).until(() -> feed.notModified() >= 3);
        assertThat(polls).filteredOn(p -> p.sourceId().equals("quiet"))
                .extracting(PollResult::outcome).contains(PollResult.Outcome.NOT_MODIFIED);
        assertThat(sent).hasSize(1);
        // Only the one full response was parsed; every 304 skipped the extractor.
        int fullResponses = feed.requests() - feed.notModified();
        assertThat(extractor.calls()).isLessThanOrEqualTo(fullResponses).isEqualTo(1);
    }

    @Test
    void failuresAreRecordedPerSourceAndNeverStallOthers() {
        server.feed("broken").status(500);
        server.feed("slowpoke").delay(3_000).add(item(9));
        server.feed("huge").add(item(8)).pad(200 * 1024);
        server.feed("drip").add(item(7)).drip();
        scheduler.upsert(template("drip", Duration.ofMillis(200)));
        var healthy = server.feed("healthy").add(item(1));
        scheduler.upsert(template("broken", Duration.ofMillis(200)));
        scheduler.upsert(template("slowpoke", Duration.ofMillis(200)));
        scheduler.upsert(template("huge", Duration.ofMillis(200)));
        scheduler.upsert(new SourceTemplate("missing", "missing", server.url("no-such-feed"), SourceKind.FEED,
                Duration.ofMillis(200), true, List.of(), Map.of()));
        scheduler.upsert(template("healthy", Duration.ofMillis(200)));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                failed("broken") && failed("slowpoke") && failed("huge") && failed("missing") && failed("drip"));
        assertThat(error("drip")).startsWith("no complete response within 2500 ms (http.request.deadline.ms)");
        assertThat(error("broken")).isEqualTo("HTTP 500");
        assertThat(error("missing")).isEqualTo("HTTP 404");
        // A silent server trips the 1 s response timeout; on a loaded machine the 2.5 s deadline may come first.
        assertThat(error("slowpoke")).matches("response from 127\\.0\\.0\\.1:\\d+ timed out: no data for 1000 ms"
                + "|no complete response within 2500 ms \\(http\\.request\\.deadline\\.ms\\).*slowpoke");
        assertThat(error("huge")).isEqualTo("response body exceeds the limit of 65536 bytes");
        assertThat(healthy.requests()).isGreaterThanOrEqualTo(5);
        assertThat(sent).extracting(RawItem::getSourceId).containsOnly("healthy");
    }

    private boolean failed(String source) {
        return polls.stream().anyMatch(p -> p.sourceId().equals(source) && p.outcome() == PollResult.Outcome.FAILED);
    }

    private String error(String source) {
        return polls.stream().filter(p -> p.sourceId().equals(source) && p.outcome() == PollResult.Outcome.FAILED)
                .findFirst().orElseThrow().error();
    }

    private SourceTemplate template(String name, Duration interval) {
        return new SourceTemplate(name, name, server.url(name), SourceKind.FEED, interval, true, List.of("t"), Map.of());
    }

    private static Item item(int n) {
        return new Item("guid-" + n, "Story " + n, "https://example.org/story/" + n, T0.plusSeconds(n));
    }
}
