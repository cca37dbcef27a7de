package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.LocalFeedServer.Item;
import io.realtimeminer.fetcher.LocalFeedServer;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.FeedExtractor;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.template.CronSchedule;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

class PollSchedulerTest {

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
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0,
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
    void scheduleLagIsMeasuredPerSourceAndForTheInstance() {
        server.feed("a").add(item(1));
        server.feed("b").add(item(2));
        scheduler.upsert(template("a", Duration.ofMillis(200)));
        scheduler.upsert(template("b", Duration.ofMillis(200)));

        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.stats().lag().count() >= 6);
        PollStats.LagSummary lag = scheduler.stats().lag();
        assertThat(lag.p50()).isLessThanOrEqualTo(lag.p99());
        assertThat(lag.p99()).isLessThanOrEqualTo(lag.max());
        assertThat(lag.max()).isLessThan(Duration.ofSeconds(2));
        assertThat(scheduler.stats().source("a")).hasValueSatisfying(s -> {
            assertThat(s.lastPoll().sourceId()).isEqualTo("a");
            assertThat(s.lastPoll().scheduleLag()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(s.consecutiveFailures()).isZero();
        });
        assertThat(scheduler.stats().polls(PollResult.Outcome.ITEMS)).isGreaterThanOrEqualTo(2);
        assertThat(scheduler.stats().itemsSent()).isEqualTo(2);

        scheduler.remove("a");
        assertThat(scheduler.stats().source("a")).isEmpty();
        scheduler.stats().reset();
        assertThat(scheduler.stats().lag().count()).isLessThan(3);
    }

    @Test
    void aRemovedSourceIsNoLongerPolled() throws Exception {
        var feed = server.feed("gone").add(item(1));
        scheduler.upsert(template("gone", Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.requests() >= 2);

        scheduler.remove("gone");
        Thread.sleep(300);
        int after = feed.requests();
        Thread.sleep(1_000);

        assertThat(feed.requests()).isEqualTo(after);
        assertThat(scheduler.sourceIds()).doesNotContain("gone");
    }

    @Test
    void anUpdatedIntervalTakesEffectAtOnce() throws Exception {
        var feed = server.feed("slow").add(item(1));
        scheduler.upsert(template("slow", Duration.ofSeconds(30)));
        Instant firstDue = scheduler.nextDue("slow");
        assertThat(firstDue).isBefore(Instant.now().plusSeconds(31));

        scheduler.upsert(template("slow", Duration.ofMillis(200)));

        assertThat(scheduler.nextDue("slow")).isBefore(Instant.now().plusMillis(250));
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.requests() >= 5);
    }

    @Test
    void aPausedSourceIsKeptButNotPolled() throws Exception {
        var feed = server.feed("paused").add(item(1));
        SourceTemplate active = template("paused", Duration.ofMillis(200));
        scheduler.upsert(new SourceTemplate(active.id(), active.name(), active.url(), active.kind(), active.interval(),
                false, active.tags(), active.headers()));
        Thread.sleep(800);

        assertThat(feed.requests()).isZero();
        assertThat(scheduler.sourceIds()).contains("paused");
        assertThat(scheduler.nextDue("paused")).isNull();
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

    @Test
    void aSourceThatKeepsFailingBacksOffAndRecoversAtOnce() {
        var flaky = server.feed("flaky").status(500).add(item(1));
        scheduler.upsert(template("flaky", Duration.ofMillis(50)));

        await().atMost(Duration.ofSeconds(15)).until(() -> polls("flaky").size() >= 6);
        List<PollResult> failures = polls("flaky");
        // Backoff 100 ms doubling to the cap of 400 ms (the upper half jittered) on a 50 ms interval.
        Duration late = Duration.between(failures.get(4).due(), failures.get(5).due());
        assertThat(late).isGreaterThanOrEqualTo(Duration.ofMillis(190)).isLessThan(Duration.ofMillis(1_500));
        assertThat(scheduler.stats().source("flaky").orElseThrow().consecutiveFailures()).isGreaterThanOrEqualTo(5);

        flaky.status(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
        int before = polls("flaky").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls("flaky").size() >= before + 5);
        List<PollResult> recovered = polls("flaky");
        assertThat(Duration.between(recovered.get(recovered.size() - 2).due(), recovered.get(recovered.size() - 1).due()))
                .isLessThan(Duration.ofMillis(150));
    }

    @Test
    void retryAfterHoldsTheSourceBackAndIsInItsError() {
        server.feed("busy").status(503).retryAfter("2");
        var healthy = server.feed("fine").add(item(1));
        scheduler.upsert(template("busy", Duration.ofMillis(100)));
        // Retry-After holds the whole host (127.0.0.1:port); "localhost" is another host to the politeness gate.
        SourceTemplate fine = template("fine", Duration.ofMillis(100));
        scheduler.upsert(new SourceTemplate(fine.id(), fine.name(), URI.create(fine.url().toString().replace("127.0.0.1", "localhost")),
                fine.kind(), fine.interval(), true, fine.tags(), fine.headers()));

        await().atMost(Duration.ofSeconds(10)).until(() -> failed("busy"));
        assertThat(error("busy")).isEqualTo("HTTP 503 (Retry-After 2 s)");
        int healthyBefore = healthy.requests();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls("busy").size() >= 2);

        List<PollResult> busy = polls("busy");
        assertThat(Duration.between(busy.get(0).due(), busy.get(1).due())).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(healthy.requests()).isGreaterThanOrEqualTo(healthyBefore + 5);
    }

    @Test
    void aCronSourceIsDueAtItsSecondOfTheNextMatchingMinute() {
        server.feed("cron").add(item(1));
        SourceTemplate plain = template("cron", Duration.ofSeconds(60));
        scheduler.upsert(new SourceTemplate(plain.id(), plain.name(), plain.url(), plain.kind(), plain.interval(), true, plain.tags(),
                plain.headers(), CronSchedule.parse("* * * * *"), null, null, null, null));

        Instant due = scheduler.nextDue("cron");
        assertThat(due).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(61));
        assertThat(due.toEpochMilli() % 60_000)
                .isEqualTo(CronTurns.of("cron", CronSchedule.parse("* * * * *")).next(Instant.EPOCH).toEpochMilli() % 60_000);
    }

    private List<PollResult> polls(String source) {
        return polls.stream().filter(p -> p.sourceId().equals(source)).toList();
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
