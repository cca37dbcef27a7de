package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.sites.SiteAllowance;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.FreshnessTarget;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sources of one site polled within this instance's share of the site's request budget: their
 * intervals stretched alike until their polls fit, the plan saying why, while the polls they want
 * (what the instance claims of the budget) stay as planned.
 */
class SiteBudgetSchedulingTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final CollectingStatusListener statuses = new CollectingStatusListener();
    private ManualTimer timer;
    private PollScheduler scheduler;

    private void start(SiteAllowance sites) {
        timer = new ManualTimer(T0);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, new LineListExtractor()), new CollectingItemSink(sent), Runnable::run,
                polls::add, 1000, timer.clock(), new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30),
                FetchStateListener.NONE, 0, timer, statuses, sites, PushSubscriptions.OFF);
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void fixedIntervalsOfASiteBeyondItsShareAreStretchedAlikeAndOtherSitesKeepTheirs() {
        // This instance may make 0.2 requests per second of example.com: four sources every 10 s want 0.4.
        start(site -> site.equals("example.com") ? 0.2 : Double.POSITIVE_INFINITY);
        for (int i = 0; i < 4; i++) {
            http.answer(url("news.example.com", "s" + i), 200, "a|Story a\n", null);
            scheduler.upsert(fixed("s" + i, url("news.example.com", "s" + i)));
        }
        http.answer(url("other.org", "o"), 200, "a|Story a\n", null);
        scheduler.upsert(fixed("o", url("other.org", "o")));

        timer.advance(Duration.ofMinutes(2));

        for (int i = 0; i < 4; i++) {
            assertThat(gaps("s" + i)).as("s" + i + " polled every 20 s").isNotEmpty().containsOnly(Duration.ofSeconds(20));
        }
        assertThat(gaps("o")).isNotEmpty().containsOnly(Duration.ofSeconds(10));
        assertThat(scheduler.wantedPollsBySite()).as("what the instance claims stays what its sources want")
                .containsEntry("example.com", 0.4).containsEntry("other.org", 0.1);
    }

    @Test
    void anAdaptiveSourceBeyondItsSiteShareSaysSoAndMissesItsTarget() {
        start(site -> 0.05);
        http.answer(url("www.example.com", "a"), 200, "a|Story a\n", null);
        http.answer(url("feeds.example.com", "b"), 200, "b|Story b\n", null);
        scheduler.upsert(adaptive("a", url("www.example.com", "a")), null, T0);
        scheduler.upsert(adaptive("b", url("feeds.example.com", "b")), null, T0);

        timer.advance(Duration.ofMinutes(3));

        // Two sources learning at their 30-s target want 1/15 per second of one site; 0.05 is allowed: 40 s each.
        PollPlan plan = statuses.last("a").plan();
        assertThat(plan.reason()).isEqualTo(PollPlan.Reason.SITE_BUDGET);
        assertThat(plan.interval()).isEqualTo(Duration.ofSeconds(40));
        assertThat(plan.targetMet()).isFalse();
        assertThat(scheduler.wantedPollsBySite().get("example.com")).isCloseTo(2.0 / 30, within(1e-9));
    }

    @Test
    void withoutASiteBudgetNothingIsStretched() {
        start(SiteAllowance.NONE);
        for (int i = 0; i < 4; i++) {
            http.answer(url("news.example.com", "s" + i), 200, "a|Story a\n", null);
            scheduler.upsert(fixed("s" + i, url("news.example.com", "s" + i)));
        }

        timer.advance(Duration.ofMinutes(1));

        assertThat(gaps("s0")).isNotEmpty().containsOnly(Duration.ofSeconds(10));
    }

    private List<Duration> gaps(String sourceId) {
        List<Instant> dues = polls.stream().filter(p -> p.sourceId().equals(sourceId)).map(PollResult::due).toList();
        // The first turn was planned before the other sources were known: the gaps after it.
        return java.util.stream.IntStream.range(2, dues.size()).mapToObj(i -> Duration.between(dues.get(i - 1), dues.get(i))).toList();
    }

    private static SourceTemplate fixed(String id, String url) {
        return new SourceTemplate(id, id, URI.create(url), SourceKind.FEED, Duration.ofSeconds(10), true, List.of(), Map.of(), null,
                List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, null, null, false, null);
    }

    private static SourceTemplate adaptive(String id, String url) {
        return new SourceTemplate(id, id, URI.create(url), SourceKind.FEED, Duration.ofSeconds(30), true, List.of(), Map.of(), null,
                List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, null, null, false,
                new FreshnessTarget(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(10), true));
    }

    private static String url(String host, String id) {
        return "https://" + host + "/" + id + ".txt";
    }
}
