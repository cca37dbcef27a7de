package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.adaptive.ServerHints;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.FreshnessTarget;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sources polled to a freshness target, on a manual clock: each poll's wait is what its learned
 * posting, the poll budget, the server's hints and its quiet hours make it, and the status tells why.
 */
class AdaptivePollingTest {

    /** A Monday. */
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final CollectingStatusListener statuses = new CollectingStatusListener();
    private final LineListExtractor lines = new LineListExtractor();
    private volatile ServerHints documentHints = ServerHints.NONE;
    private final ItemExtractor extractor = (template, body, contentType, base) ->
            new Extraction(lines.read(template, body, contentType, base).items(), List.of(), documentHints);
    private ManualTimer timer;
    private PollScheduler scheduler;

    private void start(Instant at, double budget) {
        timer = new ManualTimer(at);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, extractor), new CollectingItemSink(sent), Runnable::run, polls::add,
                1000, timer.clock(), new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30).withPollBudget(budget),
                FetchStateListener.NONE, 0, timer, statuses);
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void withoutABudgetALearnedSourceIsPolledAtItsTargetLearnedFromTheDatesItsFirstPollLists() {
        start(T0, 0);
        // Ten stories in the last two hours: enough history to plan with at once.
        http.answer(url("news"), 200, listing("n", 10, T0.minus(Duration.ofHours(2)), Duration.ofMinutes(12)), null);
        scheduler.upsert(adaptive("news", Duration.ofMinutes(3), null), null, T0);

        timer.advance(Duration.ZERO);
        assertThat(polls).hasSize(1);
        PollPlan plan = statuses.last("news").plan();
        assertThat(plan.reason()).isEqualTo(PollPlan.Reason.TARGET);
        assertThat(plan.interval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(plan.targetMet()).isTrue();
        assertThat(plan.ratePerHour()).as("about 5 stories an hour").isBetween(3.0, 7.0);
        // The first plan falls on the source's phase: a share of its interval its id gives; then every interval from there.
        Instant phase = PollScheduler.firstTurn("news", Duration.ofMinutes(3), T0);
        assertThat(phase).isBetween(T0.plusMillis(1), T0.plus(Duration.ofMinutes(3)));
        assertThat(scheduler.nextDue("news")).isEqualTo(phase);

        timer.advance(Duration.ofMinutes(9));
        assertThat(polls).extracting(PollResult::due)
                .containsExactly(T0, phase, phase.plus(Duration.ofMinutes(3)), phase.plus(Duration.ofMinutes(6)));
    }

    @Test
    void aSourceNotYetLearnedIsPolledAtItsTemplatesIntervalThenAtItsTarget() {
        start(T0, 0);
        http.answer(url("undated"), 200, "a|Story a\n", null);
        scheduler.upsert(adaptive("undated", Duration.ofMinutes(5), Duration.ofMinutes(2)), null, T0);

        timer.advance(Duration.ZERO);
        assertThat(statuses.last("undated").plan().reason()).isEqualTo(PollPlan.Reason.LEARNING);
        assertThat(statuses.last("undated").plan().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(statuses.last("undated").plan().ratePerHour()).isNaN();

        // Fifteen minutes observed: learned; a source that showed nothing new since is polled at its target.
        timer.advance(Duration.ofMinutes(16));
        assertThat(statuses.last("undated").plan().reason()).isEqualTo(PollPlan.Reason.TARGET);
        assertThat(statuses.last("undated").plan().interval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBudgetToSparePollsTheBusySourceMoreOftenThanItsTargetAndTheQuietOneAtItsTarget() {
        start(T0, 1.0 / 30);
        busyAndSlow();

        timer.advance(Duration.ofMinutes(30));

        PollPlan busy = statuses.last("busy").plan();
        PollPlan slow = statuses.last("slow").plan();
        assertThat(busy.reason()).isEqualTo(PollPlan.Reason.BUDGET_SPARE);
        assertThat(busy.interval()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(45));
        assertThat(slow.reason()).isEqualTo(PollPlan.Reason.TARGET);
        assertThat(slow.interval()).isEqualTo(Duration.ofMinutes(5));
        // Together they keep within the budget: 30 minutes at one poll every 30 s is 60 polls (and the two first ones).
        assertThat(polls.size()).isBetween(50, 63);
        assertThat(busy.targetMet()).isTrue();
        assertThat(scheduler.targetsMissed()).isZero();
        assertThat(scheduler.plannedPollsPerSecond()).isCloseTo(1.0 / 30, within(1e-6));
    }

    @Test
    void aBudgetTooSmallForEveryTargetStretchesIntervalsUpToTheLongestAndSaysTheTargetsAreMissed() {
        start(T0, 1.0 / 600);
        busyAndSlow();

        timer.advance(Duration.ofHours(3));

        PollPlan busy = statuses.last("busy").plan();
        PollPlan slow = statuses.last("slow").plan();
        assertThat(busy.reason()).isEqualTo(PollPlan.Reason.BUDGET_SHORT);
        assertThat(busy.targetMet()).isFalse();
        // 1/busy + 1/slow = 1/600 s, with the busy source far more often: about 12 minutes and the longest, an hour.
        assertThat(busy.interval()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(14));
        assertThat(slow.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(slow.targetMet()).isFalse();
        assertThat(scheduler.targetsMissed()).isEqualTo(2);
        assertThat(scheduler.plannedPollsPerSecond()).isCloseTo(1.0 / 600, within(1e-6));
        // Once both are learned (after their first polls), the busy one is polled five times as often.
        Instant learned = T0.plus(Duration.ofHours(1));
        long busyPolls = polls.stream().filter(p -> p.sourceId().equals("busy") && p.due().isAfter(learned)).count();
        long slowPolls = polls.stream().filter(p -> p.sourceId().equals("slow") && p.due().isAfter(learned)).count();
        assertThat(busyPolls).isGreaterThanOrEqualTo(9);
        assertThat(slowPolls).isEqualTo(2);
    }

    /**
     * At start every source not yet polled counts at its template's interval, so the first plans
     * find no budget left and wait the longest interval; once the others are known, the sharing
     * made again (every 10 s) brings the busy source's poll forward to its target.
     */
    @Test
    void aPlanMadeWhileTheOthersWereStillUnknownIsBroughtForwardOnceTheBudgetIsSharedAgain() {
        start(T0, 0.025);
        http.answer(url("busy"), 200, listing("b", 60, T0.minus(Duration.ofHours(1)), MINUTE), null);
        scheduler.upsert(adaptive("busy", MINUTE, null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        for (int i = 0; i < 11; i++) {
            http.answer(url("slow" + i), 200, listing("s" + i, 6, T0.minus(Duration.ofDays(3)), Duration.ofHours(12)), null);
            scheduler.upsert(adaptive("slow" + i, MINUTE, null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        }

        timer.advance(Duration.ZERO);
        assertThat(polls).hasSize(12);
        assertThat(statuses.last("busy").plan().interval()).as("planned while 11 sources were unknown").isEqualTo(Duration.ofHours(1));

        // The first plans fall at each source's phase, a share of the interval its id gives: planned anew, the same share.
        timer.advance(Duration.ofSeconds(10));
        Instant busyTurn = PollScheduler.firstTurn("busy", MINUTE, T0);
        assertThat(scheduler.nextDue("busy")).isEqualTo(busyTurn);
        // What is left, 1/40 - 1/60 polls per second, is shared by the eleven others: one poll each every 22 minutes.
        assertThat(scheduler.nextDue("slow3")).as("the slow ones share what is left")
                .isBetween(PollScheduler.firstTurn("slow3", Duration.ofMinutes(20), T0), PollScheduler.firstTurn("slow3", Duration.ofMinutes(24), T0));

        timer.advance(Duration.ofMinutes(5));
        assertThat(polls).filteredOn(p -> p.sourceId().equals("busy")).extracting(PollResult::due)
                .containsExactly(T0, busyTurn, busyTurn.plus(MINUTE), busyTurn.plus(MINUTE.multipliedBy(2)),
                        busyTurn.plus(MINUTE.multipliedBy(3)), busyTurn.plus(MINUTE.multipliedBy(4)));
        assertThat(statuses.last("busy").plan().reason()).isEqualTo(PollPlan.Reason.TARGET);
        // The slow ones whose phase falls in the first minutes of their 22 were polled there, once, so spread apart.
        List<PollResult> slowAgain = polls.stream().filter(p -> p.sourceId().startsWith("slow") && p.due().isAfter(T0)).toList();
        assertThat(slowAgain).extracting(PollResult::sourceId).containsExactlyInAnyOrder("slow8", "slow4", "slow0");
        slowAgain.forEach(p -> assertThat(p.due()).isBetween(PollScheduler.firstTurn(p.sourceId(), Duration.ofMinutes(20), T0),
                PollScheduler.firstTurn(p.sourceId(), Duration.ofMinutes(24), T0)));
        assertThat(scheduler.plannedPollsPerSecond()).as("the whole budget, no more").isCloseTo(0.025, within(1e-6));
    }

    /**
     * Sources added together are polled together once, then each at its phase: their next polls
     * spread over the interval instead of coming in one burst every interval for good.
     */
    @Test
    void sourcesAddedTogetherAreSpreadOverTheirIntervalAfterTheirFirstPoll() {
        start(T0, 0);
        for (int i = 0; i < 20; i++) {
            http.answer(url("new" + i), 200, "a|Story a\n", null);
            scheduler.upsert(adaptive("new" + i, Duration.ofMinutes(5), Duration.ofSeconds(20)), null, T0);
        }

        timer.advance(Duration.ZERO);
        assertThat(polls).extracting(PollResult::due).containsOnly(T0).hasSize(20);

        timer.advance(Duration.ofSeconds(40));
        List<Instant> second = IntStream.range(0, 20).mapToObj(i -> polls.stream().filter(p -> p.sourceId().equals("new" + i))
                .map(PollResult::due).sorted().toList().get(1)).toList();
        assertThat(second).allSatisfy(due -> assertThat(due).isAfter(T0).isBeforeOrEqualTo(T0.plusSeconds(20)));
        assertThat(second.stream().map(due -> Duration.between(T0, due).toSeconds() / 5).distinct())
                .as("every quarter of the interval has some").hasSize(4);
        // From there every 20 s, each in its own rhythm.
        for (int i = 0; i < 20; i++) {
            String id = "new" + i;
            assertThat(polls).filteredOn(p -> p.sourceId().equals(id)).extracting(PollResult::due)
                    .contains(PollScheduler.firstTurn(id, Duration.ofSeconds(20), T0).plusSeconds(20));
        }
        assertThat(polls).hasSizeBetween(20 + 20 + 20, 20 + 20 + 40);
    }

    /** Twenty sources added at once, none learned yet (undated): the budget holds from their first polls on. */
    @Test
    void sourcesStillLearningAreStretchedToTheBudgetWhenItCannotPayForTheirIntervals() {
        start(T0, 0.25);
        for (int i = 0; i < 20; i++) {
            http.answer(url("undated" + i), 200, "a|Story a\n", null);
            scheduler.upsert(adaptive("undated" + i, Duration.ofSeconds(20), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        }

        timer.advance(Duration.ofMinutes(10));

        PollPlan plan = statuses.last("undated7").plan();
        assertThat(plan.reason()).isEqualTo(PollPlan.Reason.LEARNING);
        assertThat(plan.interval()).as("20 sources in 0.25 polls/s").isBetween(Duration.ofSeconds(79), Duration.ofSeconds(81));
        assertThat(plan.targetMet()).isFalse();
        assertThat(scheduler.plannedPollsPerSecond()).isCloseTo(0.25, within(1e-6));
        // The first polls at once, then a quarter of a poll a second (at most one more each, in their first, phased, wait).
        assertThat(polls).hasSizeBetween(20 + 140, 20 + 150 + 20);
    }

    /**
     * A poll planned while the budget had polls to spare is put back when the sharing tightens:
     * else it would be spent beside the polls of the sources that came since.
     */
    @Test
    void aPollPlannedWithBudgetToSpareIsPutBackWhenTheSharingTightens() {
        start(T0, 1.0 / 30);
        http.answer(url("busy"), 200, listing("b", 60, T0.minus(Duration.ofHours(1)), MINUTE), null);
        scheduler.upsert(adaptive("busy", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        timer.advance(Duration.ofMinutes(2));
        assertThat(statuses.last("busy").plan().reason()).isEqualTo(PollPlan.Reason.BUDGET_SPARE);
        assertThat(statuses.last("busy").plan().interval()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31));
        Instant lastPoll = polls.get(polls.size() - 1).due();

        // Five more that post as often: the budget's one poll every 30 s is shared by six.
        for (int i = 0; i < 5; i++) {
            http.answer(url("busy" + i), 200, listing("b" + i + "-", 60, T0.minus(Duration.ofHours(1)), MINUTE), null);
            scheduler.upsert(adaptive("busy" + i, Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null,
                    timer.clock().instant());
        }
        timer.advance(PollScheduler.ALLOCATION_AGE.plusSeconds(1));

        assertThat(scheduler.nextDue("busy")).as("planned at 30 s, now at about 3 minutes")
                .isAfter(lastPoll.plus(Duration.ofMinutes(2)));
        timer.advance(Duration.ofMinutes(30));
        long after = polls.stream().filter(p -> p.due().isAfter(T0.plus(Duration.ofMinutes(5)))).count();
        assertThat(after).as("about one poll every 30 s over the last 27 minutes").isBetween(48L, 58L);
    }

    /** A source planned 20 minutes apart that answers 503 once is tried again after its backoff, then planned as before. */
    @Test
    void aFailedPollIsTriedAgainAfterItsBackoffNotAWholePlannedIntervalLater() {
        start(T0, 0);
        http.answer(url("slow"), 200, listing("s", 6, T0.minus(Duration.ofDays(3)), Duration.ofHours(12)), null);
        scheduler.upsert(adaptive("slow", Duration.ofMinutes(20), null), null, T0);
        timer.advance(Duration.ZERO);
        http.refuse(url("slow"), 503, null);
        // Its second poll falls on its phase within the 20 minutes (the first plan's only).
        Instant failed = PollScheduler.firstTurn("slow", Duration.ofMinutes(20), T0);
        timer.advance(Duration.between(T0, failed));
        assertThat(polls).hasSize(2);
        http.answer(url("slow"), 200, listing("s", 7, T0.minus(Duration.ofDays(3)), Duration.ofHours(12)), null);

        timer.advance(Duration.ofSeconds(10));

        // The test policy's first backoff is 10 s (with jitter); then the plan's 20 minutes again.
        assertThat(polls).extracting(PollResult::due).startsWith(T0, failed).hasSize(3);
        Instant retried = polls.get(2).due();
        assertThat(retried).isBetween(failed.plusSeconds(5), failed.plusSeconds(10));
        assertThat(polls.get(2).outcome()).isEqualTo(PollResult.Outcome.ITEMS);
        assertThat(scheduler.nextDue("slow")).isEqualTo(retried.plus(Duration.ofMinutes(20)));
    }

    /** A Retry-After longer than the planned interval is kept: the poll waits for it, not for the plan. */
    @Test
    void aRetryAfterLongerThanThePlanIsKept() {
        start(T0, 0);
        http.answer(url("busy"), 200, listing("b", 60, T0.minus(Duration.ofHours(1)), MINUTE), null);
        scheduler.upsert(adaptive("busy", MINUTE, null), null, T0);
        timer.advance(Duration.ZERO);
        http.refuse(url("busy"), 503, Duration.ofMinutes(5));
        Instant failed = PollScheduler.firstTurn("busy", MINUTE, T0);

        timer.advance(MINUTE);

        assertThat(polls).extracting(PollResult::due).containsExactly(T0, failed);
        assertThat(scheduler.nextDue("busy")).isEqualTo(failed.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aServerFreshnessHintLengthensTheIntervalUpToTheTargetUnlessTheSourceOptsOut() {
        start(T0, 1.0 / 30);
        http.answerFresh(url("hinted"), listing("h", 60, T0.minus(Duration.ofHours(1)), MINUTE), Duration.ofMinutes(2));
        http.answerFresh(url("deaf"), listing("d", 60, T0.minus(Duration.ofHours(1)), MINUTE), Duration.ofMinutes(2));
        scheduler.upsert(adaptive("hinted", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        scheduler.upsert(adaptive("deaf", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), false), null, T0);

        timer.advance(Duration.ofMinutes(10));

        assertThat(statuses.last("hinted").plan().reason()).isEqualTo(PollPlan.Reason.SERVER_HINT);
        assertThat(statuses.last("hinted").plan().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(statuses.last("deaf").plan().reason()).isEqualTo(PollPlan.Reason.BUDGET_SPARE);
        assertThat(statuses.last("deaf").plan().interval()).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void aHintLongerThanTheTargetIsHeldToTheTarget() {
        start(T0, 0);
        http.answerFresh(url("cached"), listing("c", 10, T0.minus(Duration.ofHours(2)), Duration.ofMinutes(12)), Duration.ofHours(6));
        scheduler.upsert(adaptive("cached", Duration.ofMinutes(3), null), null, T0);

        timer.advance(Duration.ofMinutes(7));

        assertThat(statuses.last("cached").plan().interval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(polls).hasSize(3);
    }

    @Test
    void skipHoursAndDaysMoveThePollToTheNextAllowedHourAtMostTheLongestIntervalAway() {
        // Monday 01:58: the feed asks not to be read from 02:00 to 03:59 UTC.
        Instant start = Instant.parse("2026-11-23T01:58:00Z");
        start(start, 0);
        documentHints = new ServerHints(null, Set.of(2, 3), Set.of(DayOfWeek.SUNDAY));
        http.answer(url("nightly"), 200, listing("n", 10, start.minus(Duration.ofHours(2)), Duration.ofMinutes(12)), null);
        scheduler.upsert(adaptive("nightly", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(3), true), null, start);

        timer.advance(Duration.ZERO);
        assertThat(statuses.last("nightly").plan().reason()).isEqualTo(PollPlan.Reason.SERVER_SKIP);
        assertThat(statuses.last("nightly").plan().targetMet()).isFalse();
        assertThat(scheduler.nextDue("nightly")).isEqualTo(Instant.parse("2026-11-23T04:00:00Z"));

        timer.advance(Duration.ofHours(2).plusMinutes(3));
        assertThat(polls).hasSize(2);
        assertThat(statuses.last("nightly").plan().reason()).isEqualTo(PollPlan.Reason.TARGET);
    }

    @Test
    void aLearnedQuietHourIsPolledAtTheLongestIntervalAndABusyHourAtTheTarget() {
        // Tuesday 02:00; the source posted every hour from 09:00 to 17:00 on each of the five days before.
        Instant start = Instant.parse("2026-11-24T02:00:00Z");
        start(start, 0);
        StringBuilder history = new StringBuilder();
        Instant day = start.truncatedTo(ChronoUnit.DAYS);
        int n = 0;
        for (int d = 1; d <= 5; d++) {
            for (int hour = 9; hour <= 17; hour++) {
                history.append("p").append(n++).append("|Post||").append(day.minus(Duration.ofDays(d)).plus(Duration.ofHours(hour))).append('\n');
            }
        }
        http.answer(url("office"), 200, history.toString(), null);
        scheduler.upsert(adaptive("office", Duration.ofMinutes(5), null), null, start);

        timer.advance(Duration.ZERO);
        assertThat(statuses.last("office").plan().reason()).isEqualTo(PollPlan.Reason.QUIET_HOUR);
        assertThat(statuses.last("office").plan().interval()).isEqualTo(FreshnessTarget.DEFAULT_MAX_INTERVAL);
        assertThat(statuses.last("office").plan().targetMet()).isTrue();

        // Hourly through the night from its phase within the hour (02:27:16 to 08:27:16); from 09:27:16 at its target.
        Instant phase = PollScheduler.firstTurn("office", Duration.ofHours(1), start);
        assertThat(phase).isEqualTo(start.plusMillis(1_635_722));
        timer.advance(Duration.between(start, phase).plus(Duration.ofHours(7)).plusMinutes(2));
        assertThat(polls).hasSize(9);
        assertThat(statuses.last("office").plan().reason()).isEqualTo(PollPlan.Reason.TARGET);
        assertThat(statuses.last("office").plan().interval()).isEqualTo(Duration.ofMinutes(5));
    }

    /** "busy" posts every minute, "slow" twice a day: the same target of 5 minutes, very different rates. */
    private void busyAndSlow() {
        http.answer(url("busy"), 200, listing("b", 60, T0.minus(Duration.ofHours(1)), MINUTE), null);
        http.answer(url("slow"), 200, listing("s", 6, T0.minus(Duration.ofDays(3)), Duration.ofHours(12)), null);
        scheduler.upsert(adaptive("busy", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
        scheduler.upsert(adaptive("slow", Duration.ofMinutes(5), null, Duration.ofSeconds(10), Duration.ofHours(1), true), null, T0);
    }

    /** {@code count} dated stories, the first at {@code first}, then one every {@code every}. */
    private static String listing(String prefix, int count, Instant first, Duration every) {
        StringBuilder body = new StringBuilder();
        IntStream.range(0, count).forEach(i -> body.append(prefix).append(i).append("|Story ").append(i).append("||")
                .append(first.plus(every.multipliedBy(i))).append('\n'));
        return body.toString();
    }

    private static SourceTemplate adaptive(String id, Duration target, Duration interval) {
        return adaptive(id, target, interval, Duration.ofSeconds(10), FreshnessTarget.DEFAULT_MAX_INTERVAL, true);
    }

    private static SourceTemplate adaptive(String id, Duration target, Duration interval, Duration min, Duration max, boolean hints) {
        return new SourceTemplate(id, id, URI.create(url(id)), SourceKind.FEED, interval == null ? target : interval, true, List.of(),
                Map.of(), null, List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, null, null, false,
                new FreshnessTarget(target, min, max, hints));
    }

    private static String url(String id) {
        return "https://" + id + ".example/feed";
    }
}
