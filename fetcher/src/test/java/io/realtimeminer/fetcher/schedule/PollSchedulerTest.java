package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.template.CronSchedule;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler's timing on a manual clock and timer: every poll runs inside {@link ManualTimer#advance},
 * so due times, backoffs and lags are asserted exactly, without sleeping and whatever the machine's load.
 * (What the real HTTP engine adds is in {@link PollSchedulerOverHttpTest}.)
 */
class PollSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final PollPolicy POLICY = new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30);

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final CountingExtractor extractor = new CountingExtractor(new LineListExtractor());
    private final ManualTimer timer = new ManualTimer(T0);
    private final PollScheduler scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, extractor), new CollectingItemSink(sent),
            Runnable::run, polls::add, 100, timer.clock(), POLICY, FetchStateListener.NONE, 0, timer);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void aSourceIsPolledAtEachTurnOfItsPhaseAndSendsEachItemOnce() {
        http.answer(url("news"), 200, "1|Story 1\n2|Story 2\n", "\"v1\"");
        scheduler.upsert(template("news", MINUTE));
        Instant first = scheduler.nextDue("news");
        assertThat(first).isEqualTo(PollScheduler.nextTurn("news", MINUTE, T0)).isAfter(T0).isBeforeOrEqualTo(T0.plus(MINUTE));

        timer.advance(MINUTE);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Story 1", "Story 2");
        assertThat(sent.get(0).getSourceId()).isEqualTo("news");
        assertThat(sent.get(0).getSourceItemId()).isEqualTo("1");
        assertThat(sent.get(0).getItemId()).startsWith("news:").hasSize("news:".length() + 16);

        http.answer(url("news"), 200, "1|Story 1\n2|Story 2\n3|Story 3\n", "\"v2\"");
        timer.advance(MINUTE.multipliedBy(3));

        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Story 1", "Story 2", "Story 3");
        assertThat(polls).extracting(PollResult::due)
                .containsExactly(first, first.plus(MINUTE), first.plus(MINUTE.multipliedBy(2)), first.plus(MINUTE.multipliedBy(3)));
        assertThat(polls).extracting(PollResult::scheduleLag).containsOnly(Duration.ZERO);
        assertThat(scheduler.nextDue("news")).isEqualTo(first.plus(MINUTE.multipliedBy(4)));
    }

    @Test
    void aSourceJustPublishedIsPolledAtOnceThenAtItsPhaseAndAReplayedOneWaitsForItsPhase() {
        http.answer(url("fresh"), 200, "1|Story 1\n", null);
        http.answer(url("old"), 200, "2|Story 2\n", null);
        scheduler.upsert(template("fresh", MINUTE), null, T0.minusSeconds(10));
        scheduler.upsert(template("old", MINUTE), null, T0.minus(MINUTE.multipliedBy(5)));

        timer.advance(Duration.ZERO);

        assertThat(polls).extracting(PollResult::sourceId).containsExactly("fresh");
        assertThat(polls.get(0).due()).isEqualTo(T0);
        assertThat(scheduler.nextDue("fresh")).isEqualTo(PollScheduler.nextTurn("fresh", MINUTE, T0));
        assertThat(scheduler.nextDue("old")).isEqualTo(PollScheduler.nextTurn("old", MINUTE, T0));
    }

    @Test
    void fetchNowPollsASourceAtOnceAndTheSourceKeepsItsPhase() {
        http.answer(url("hourly"), 200, "1|Story 1\n", null);
        scheduler.upsert(template("hourly", Duration.ofHours(1)));
        Instant turn = scheduler.nextDue("hourly");

        assertThat(scheduler.pollNow("hourly", T0)).isTrue();
        timer.advance(Duration.ZERO);

        assertThat(polls).extracting(PollResult::due).containsExactly(T0);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Story 1");
        // The poll that just ran answers any request made before it started: nothing more is polled.
        assertThat(scheduler.pollNow("hourly", T0)).isTrue();
        timer.advance(Duration.ZERO);
        assertThat(polls).hasSize(1);
        assertThat(scheduler.nextDue("hourly")).isEqualTo(turn);
        assertThat(scheduler.pollNow("elsewhere", T0)).as("a source another instance polls").isFalse();
    }

    @Test
    void fetchNowDuringAPollPollsAgainRightAfterIt() {
        http.answer(url("busy"), 200, "1|Story 1\n", null);
        CompletableFuture<Void> underWay = http.hold(url("busy"));
        scheduler.upsert(template("busy", Duration.ofHours(1)), null, T0);
        timer.advance(Duration.ofSeconds(2));
        assertThat(polls).isEmpty();

        Instant asked = timer.now();
        assertThat(scheduler.pollNow("busy", asked)).isTrue();
        http.answer(url("busy"), 200, "1|Story 1\n2|Story 2\n", null);
        underWay.complete(null);
        timer.advance(Duration.ZERO);

        assertThat(polls).extracting(PollResult::due).containsExactly(T0, asked);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Story 1", "Story 2");
        assertThat(scheduler.nextDue("busy")).isEqualTo(PollScheduler.nextTurn("busy", Duration.ofHours(1), asked));
    }

    @Test
    void fetchNowPollsAPausedSourceOnceAndItStaysPaused() {
        http.answer(url("resting"), 200, "1|Story 1\n", null);
        scheduler.upsert(paused(template("resting", MINUTE)));

        assertThat(scheduler.pollNow("resting", T0)).isTrue();
        timer.advance(MINUTE.multipliedBy(5));

        assertThat(polls).extracting(PollResult::due).containsExactly(T0);
        assertThat(scheduler.nextDue("resting")).isNull();
    }

    @Test
    void anUnchangedDocumentCostsOnlyAConditionalGetAndNoParsing() {
        http.answer(url("quiet"), 200, "1|Story 1\n", "\"v1\"");
        scheduler.upsert(template("quiet", MINUTE));

        timer.advance(MINUTE.multipliedBy(4));

        assertThat(polls).extracting(PollResult::outcome).containsExactly(PollResult.Outcome.ITEMS,
                PollResult.Outcome.NOT_MODIFIED, PollResult.Outcome.NOT_MODIFIED, PollResult.Outcome.NOT_MODIFIED);
        assertThat(http.requests()).extracting(r -> r.etag()).containsExactly(null, "\"v1\"", "\"v1\"", "\"v1\"");
        assertThat(extractor.calls()).isEqualTo(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void scheduleLagIsHowLateAPollStartedPerSourceAndForTheInstance() {
        http.answer(url("a"), 200, "1|A\n", null);
        http.answer(url("b"), 200, "2|B\n", null);
        scheduler.upsert(template("a", MINUTE));
        scheduler.upsert(template("b", MINUTE));
        Instant dueA = scheduler.nextDue("a");
        Instant dueB = scheduler.nextDue("b");

        // The timer thread was held up for 90 s: both turns start late, at the same moment.
        timer.stall(Duration.ofSeconds(90));
        Instant late = timer.now();
        timer.advance(Duration.ZERO);

        assertThat(scheduler.stats().source("a").orElseThrow().lastPoll().scheduleLag()).isEqualTo(Duration.between(dueA, late));
        assertThat(scheduler.stats().source("b").orElseThrow().lastPoll().scheduleLag()).isEqualTo(Duration.between(dueB, late));
        PollStats.LagSummary lag = scheduler.stats().lag();
        assertThat(lag.count()).isEqualTo(2);
        // The instance's percentiles keep three significant digits (HdrHistogram).
        assertThat(lag.max()).isCloseTo(Duration.between(dueA.isBefore(dueB) ? dueA : dueB, late), Duration.ofMillis(100));
        assertThat(lag.p50()).isLessThanOrEqualTo(lag.p99()).isLessThanOrEqualTo(lag.max());
        // Late turns are not made up: the next ones are at the sources' phase again.
        assertThat(scheduler.nextDue("a")).isEqualTo(PollScheduler.nextTurn("a", MINUTE, dueA));
        assertThat(scheduler.stats().itemsSent()).isEqualTo(2);
        assertThat(scheduler.stats().polls(PollResult.Outcome.ITEMS)).isEqualTo(2);

        scheduler.remove("a");
        assertThat(scheduler.stats().source("a")).isEmpty();
    }

    @Test
    void aRemovedSourceIsNoLongerPolled() {
        http.answer(url("gone"), 200, "1|A\n", null);
        scheduler.upsert(template("gone", MINUTE));
        timer.advance(MINUTE.multipliedBy(2));
        assertThat(http.requestsFor(url("gone"))).isEqualTo(2);

        scheduler.remove("gone");
        timer.advance(Duration.ofHours(1));

        assertThat(http.requestsFor(url("gone"))).isEqualTo(2);
        assertThat(scheduler.sourceIds()).doesNotContain("gone");
        assertThat(scheduler.nextDue("gone")).isNull();
        assertThat(timer.pendingTurns()).isZero();
    }

    @Test
    void anUpdatedIntervalTakesEffectAtOnce() {
        http.answer(url("slow"), 200, "1|A\n", null);
        scheduler.upsert(template("slow", Duration.ofMinutes(30)));
        assertThat(scheduler.nextDue("slow")).isBeforeOrEqualTo(T0.plus(Duration.ofMinutes(30)));

        scheduler.upsert(template("slow", MINUTE));

        Instant due = scheduler.nextDue("slow");
        assertThat(due).isEqualTo(PollScheduler.nextTurn("slow", MINUTE, T0));
        timer.advance(Duration.ofMinutes(5));
        assertThat(http.requestsFor(url("slow"))).isEqualTo(5);
        assertThat(timer.pendingTurns()).as("the 30-minute turn was cancelled").isEqualTo(1);
    }

    @Test
    void aPausedSourceIsKeptButNotPolledUntilResumed() {
        http.answer(url("paused"), 200, "1|A\n", null);
        SourceTemplate active = template("paused", MINUTE);
        scheduler.upsert(paused(active));
        timer.advance(Duration.ofHours(1));

        assertThat(http.requests()).isEmpty();
        assertThat(scheduler.sourceIds()).contains("paused");
        assertThat(scheduler.nextDue("paused")).isNull();

        scheduler.upsert(active);
        assertThat(scheduler.nextDue("paused")).isEqualTo(PollScheduler.nextTurn("paused", MINUTE, timer.now()));
        timer.advance(MINUTE);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailingSourceBacksOffExponentiallyAndRecoversAtOnce() {
        http.refuse(url("flaky"), 500, null);
        Duration interval = Duration.ofSeconds(1);
        scheduler.upsert(template("flaky", interval));

        timer.advance(Duration.ofMinutes(3));

        List<PollResult> failures = List.copyOf(polls);
        assertThat(failures).extracting(PollResult::error).containsOnly("HTTP 500");
        // Waits of 10, 20, 40, 40, ... s, of which the upper half is jittered, each rounded up to the next turn.
        long[] full = {10, 20, 40, 40, 40};
        for (int i = 0; i < full.length; i++) {
            Duration gap = Duration.between(failures.get(i).due(), failures.get(i + 1).due());
            assertThat(gap).as("wait after failure %d", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(full[i] / 2)).isLessThanOrEqualTo(Duration.ofSeconds(full[i]).plus(interval));
        }
        assertThat(scheduler.stats().source("flaky").orElseThrow().consecutiveFailures()).isEqualTo(failures.size());

        http.answer(url("flaky"), 200, "1|Back\n", null);
        timer.advance(Duration.ofSeconds(41));
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Back");
        assertThat(scheduler.stats().source("flaky").orElseThrow().consecutiveFailures()).isZero();
        int recovered = polls.size();
        timer.advance(Duration.ofSeconds(5));
        assertThat(polls).hasSize(recovered + 5);
    }

    @Test
    void retryAfterHoldsTheSourceBackAndIsInItsError() {
        http.refuse(url("busy"), 503, Duration.ofMinutes(2));
        http.answer(url("fine"), 200, "1|A\n", null);
        Duration interval = Duration.ofSeconds(10);
        scheduler.upsert(template("busy", interval));
        scheduler.upsert(template("fine", interval));

        timer.advance(Duration.ofMinutes(3));

        List<PollResult> busy = polls("busy");
        assertThat(busy.get(0).error()).isEqualTo("HTTP 503 (Retry-After 120 s)");
        assertThat(Duration.between(busy.get(0).due(), busy.get(1).due()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(2)).isLessThanOrEqualTo(Duration.ofMinutes(2).plus(interval));
        assertThat(polls("fine")).hasSize(18);
    }

    /** Issue 12 §11: a document that is costly to read holds its own source back, and no other. */
    @Test
    void aSourceWhoseDocumentIsCostlyToReadIsHeldBackToItsShareOfTheParseThreads() {
        http.answer(url("flood"), 200, "1|Flood\n", null);
        http.answer(url("light"), 200, "2|Light\n", null);
        ItemExtractor costly = new ItemExtractor() {
            private final LineListExtractor lines = new LineListExtractor();

            @Override
            public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) {
                // Reading this one takes 2 s of the parse thread's CPU (the manual timer counts stalls as such); the other 10 ms.
                timer.stall(template.id().equals("flood") ? Duration.ofSeconds(2) : Duration.ofMillis(10));
                return lines.read(template, body, contentType, baseUrl);
            }
        };
        PollScheduler costAware = new PollScheduler(http, Map.of(SourceKind.FEED, costly), new CollectingItemSink(sent),
                Runnable::run, polls::add, 100, timer.clock(), POLICY, FetchStateListener.NONE, 0, timer);
        try {
            costAware.upsert(template("flood", Duration.ofSeconds(30)));
            costAware.upsert(template("light", Duration.ofSeconds(30)));

            timer.advance(Duration.ofMinutes(10));

            // 2 s at the default share (2 %) is 100 s between polls at least; 10 ms is 0.5 s, below the interval.
            List<PollResult> flood = polls("flood");
            for (int i = 1; i < flood.size(); i++) {
                assertThat(Duration.between(flood.get(i - 1).due(), flood.get(i).due())).isGreaterThanOrEqualTo(Duration.ofSeconds(100));
            }
            assertThat(flood.size()).isBetween(5, 7);
            List<PollResult> light = polls("light");
            assertThat(light.size()).isBetween(19, 21);
            assertThat(POLICY.parseShare()).isEqualTo(PollPolicy.DEFAULT_PARSE_SHARE);
        } finally {
            costAware.close();
        }
    }

    @Test
    void aCronSourceIsPolledAtItsSecondOfEachMatchingMinute() {
        http.answer(url("cron"), 200, "1|A\n", null);
        CronSchedule everyFiveMinutes = CronSchedule.parse("*/5 * * * *");
        SourceTemplate plain = template("cron", Duration.ofMinutes(5));
        scheduler.upsert(new SourceTemplate(plain.id(), plain.name(), plain.url(), plain.kind(), plain.interval(), true, plain.tags(),
                plain.headers(), everyFiveMinutes, null, null, null, null));

        Instant first = CronTurns.of("cron", everyFiveMinutes).next(T0);
        assertThat(scheduler.nextDue("cron")).isEqualTo(first);
        timer.advance(Duration.ofMinutes(20));

        assertThat(polls).extracting(PollResult::due).containsExactly(first, first.plus(Duration.ofMinutes(5)),
                first.plus(Duration.ofMinutes(10)), first.plus(Duration.ofMinutes(15)));
        assertThat(first.toEpochMilli() % 300_000).as("a phase within the first minute of the five")
                .isEqualTo(first.toEpochMilli() % 60_000);
    }

    private List<PollResult> polls(String source) {
        return polls.stream().filter(p -> p.sourceId().equals(source)).toList();
    }

    private static String url(String name) {
        return "https://" + name + ".example/feed";
    }

    private static SourceTemplate template(String name, Duration interval) {
        return new SourceTemplate(name, name, URI.create(url(name)), SourceKind.FEED, interval, true, List.of("t"), Map.of());
    }

    private static SourceTemplate paused(SourceTemplate template) {
        return new SourceTemplate(template.id(), template.name(), template.url(), template.kind(), template.interval(), false,
                template.tags(), template.headers());
    }
}
