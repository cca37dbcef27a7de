package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.http.FailureKind;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.http.FetchException;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the scheduler tells the status listener after each poll (on a manual clock and timer): the
 * poll, failures in a row, the next turn as scheduled, and the source's rhythm of new items, which
 * a new owner takes over with the fetch state; a deleted source is told, a moved one is not.
 */
class SourceStatusReportTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final PollPolicy POLICY = new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30);

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final CollectingStatusListener statuses = new CollectingStatusListener();
    private final List<SourceReport> reports = statuses.reports;
    private final List<String> deleted = statuses.deleted;
    private final Map<String, FetchState> handedOver = new ConcurrentHashMap<>();
    private final ManualTimer timer = new ManualTimer(T0);
    private final PollScheduler scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, new LineListExtractor()),
            new CollectingItemSink(sent), Runnable::run, result -> { }, 100, timer.clock(), POLICY, handedOver::put, 50, timer,
            statuses);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void eachPollIsReportedWithItsNextTurnAndTheSourcesRhythmOfNewItems() {
        http.answer(url("news"), 200, "1|Story 1\n2|Story 2\n", "\"v1\"");
        scheduler.upsert(template("news"));
        Instant first = scheduler.nextDue("news");

        timer.advance(MINUTE);
        SourceReport report = reports.get(0);
        assertThat(report.sourceId()).isEqualTo("news");
        assertThat(report.poll().itemsNew()).isEqualTo(2);
        assertThat(report.started()).isEqualTo(first);
        assertThat(report.ended()).isEqualTo(first);
        assertThat(report.nextDue()).isEqualTo(first.plus(MINUTE)).isEqualTo(scheduler.nextDue("news"));
        assertThat(report.consecutiveFailures()).isZero();
        assertThat(report.rhythm()).isEqualTo(new NewItemRhythm(first, null));
        assertThat(report.latest().items()).extracting(LatestItems.Item::title).containsExactly("Story 1", "Story 2");
        assertThat(report.latest().items()).extracting(LatestItems.Item::discoveredAt).containsOnly(first);

        // Nothing new for two turns (304), then a story: the usual gap is learned.
        timer.advance(MINUTE.multipliedBy(2));
        assertThat(reports).hasSize(3);
        assertThat(reports.get(2).poll().outcome()).isEqualTo(PollResult.Outcome.NOT_MODIFIED);
        assertThat(reports.get(2).rhythm()).isEqualTo(new NewItemRhythm(first, null));
        http.answer(url("news"), 200, "1|Story 1\n2|Story 2\n3|Story 3\n", "\"v2\"");
        timer.advance(MINUTE);

        Instant third = first.plus(MINUTE.multipliedBy(3));
        assertThat(reports.get(3).rhythm()).isEqualTo(new NewItemRhythm(third, MINUTE.multipliedBy(3)));
        // The next owner takes it over with the fetch state.
        assertThat(handedOver.get("news").rhythm()).isEqualTo(new NewItemRhythm(third, MINUTE.multipliedBy(3)));
        // The newest items first: the story of this poll, then those of the first.
        assertThat(reports.get(3).latest().items()).extracting(LatestItems.Item::title).containsExactly("Story 3", "Story 1", "Story 2");
        assertThat(handedOver.get("news").latest()).isEqualTo(reports.get(3).latest());
    }

    @Test
    void aNewOwnerReportsTheLatestItemsThePreviousOneSent() {
        LatestItems sentBefore = new LatestItems(List.of(new LatestItems.Item("news:0a", "Earlier story", "https://news.example/0",
                T0.minus(MINUTE), T0.minusSeconds(50))));
        // The document is as the previous owner last read it: the new one's conditional GET gets a 304.
        http.answer(url("news"), 200, "0a|Earlier story\n", "\"v1\"");
        scheduler.upsert(template("news"), new FetchState(url("news"), "\"v1\"", null, List.of(), 0, null,
                T0.minusSeconds(50), NewItemRhythm.NONE, sentBefore));

        timer.advance(MINUTE);

        assertThat(reports).isNotEmpty().allSatisfy(r -> {
            assertThat(r.poll().outcome()).isEqualTo(PollResult.Outcome.NOT_MODIFIED);
            assertThat(r.latest()).isEqualTo(sentBefore);
        });
    }

    @Test
    void aFailingSourceIsReportedWithWhatSortOfFailureAndItsFailuresInARow() {
        http.refuse(url("down"), 503, null);
        scheduler.upsert(template("down"));

        timer.advance(MINUTE.multipliedBy(3));

        assertThat(reports).extracting(SourceReport::consecutiveFailures).startsWith(1, 2);
        assertThat(reports).extracting(r -> r.poll().failure()).containsOnly(FailureKind.HTTP_STATUS);
        assertThat(reports.get(0).poll().error()).isEqualTo("HTTP 503");
        // The backoff of 10 s after the first failure falls before the next turn: the turn stands.
        assertThat(reports.get(0).nextDue()).isEqualTo(reports.get(0).started().plus(MINUTE));

        http.fail(url("down"), new FetchException(FailureKind.TIMEOUT, "connect to down.example:443 timed out after 10000 ms"));
        timer.advance(MINUTE.multipliedBy(2));
        assertThat(reports.get(reports.size() - 1).poll().failure()).isEqualTo(FailureKind.TIMEOUT);
        http.fail(url("down"), new FetchException(FailureKind.ROBOTS, "blocked by robots.txt"));
        timer.advance(MINUTE.multipliedBy(2));
        assertThat(reports.get(reports.size() - 1).poll().failure()).isEqualTo(FailureKind.ROBOTS);
        assertThat(reports.get(reports.size() - 1).consecutiveFailures()).isEqualTo(reports.size());
    }

    @Test
    void aDocumentThatCannotBeReadIsAParseFailure() {
        http.answer(url("garbled"), 200, "not a line list", null);
        scheduler.upsert(template("garbled"));

        timer.advance(MINUTE);

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.poll().failure()).isEqualTo(FailureKind.PARSE);
            assertThat(r.poll().bytes()).isEqualTo("not a line list".length());
        });
    }

    @Test
    void aDeletedSourceIsToldAndAMovedOneIsNot() throws InterruptedException {
        http.answer(url("a"), 200, "1|A\n", null);
        http.answer(url("b"), 200, "2|B\n", null);
        scheduler.upsert(template("a"));
        scheduler.upsert(template("b"));
        timer.advance(MINUTE);

        scheduler.delete("a");
        scheduler.removeAll(List.of("b"), Duration.ofSeconds(1));

        assertThat(deleted).containsExactly("a");
        List<String> polledAfter = new ArrayList<>();
        int before = reports.size();
        timer.advance(MINUTE.multipliedBy(2));
        reports.subList(before, reports.size()).forEach(r -> polledAfter.add(r.sourceId()));
        assertThat(polledAfter).isEmpty();
    }

    /** A poll under way when its source is deleted ends without a status: told after the deletion, it would bring the row back. */
    @Test
    void aPollUnderWayWhenItsSourceIsDeletedReportsNothingAfterTheDeletion() {
        http.answer(url("gone"), 200, "1|Gone\n", null);
        CompletableFuture<Void> underWay = http.hold(url("gone"));
        scheduler.upsert(template("gone"));
        timer.advance(MINUTE);
        assertThat(reports).isEmpty();

        scheduler.delete("gone");
        underWay.complete(null);

        assertThat(deleted).containsExactly("gone");
        assertThat(reports).as("no status after the deletion").isEmpty();
        assertThat(sent).as("what the poll found still goes out").hasSize(1);
    }

    private static String url(String name) {
        return "https://" + name + ".example/feed";
    }

    private static SourceTemplate template(String name) {
        return new SourceTemplate(name, name, URI.create(url(name)), SourceKind.FEED, MINUTE, true, List.of(), Map.of());
    }
}
