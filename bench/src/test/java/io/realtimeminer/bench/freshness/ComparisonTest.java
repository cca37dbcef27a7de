package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmSettings;
import io.realtimeminer.bench.farm.FarmTemplates;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ComparisonTest {

    private static final Comparison COMPARE = new Comparison(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5), 1 / 3.0);
    private static final FarmSettings FARM = FarmSettings.defaults().withSources(600).withInterval(Duration.ofSeconds(30)).withSpread(2.5, 2);
    private static final FarmLayout LAYOUT = new FarmLayout(FARM, 8080);

    @Test
    void theFirstHalfIsPolledAtTheIntervalAndTheTwinsToTheTarget() throws Exception {
        TemplateParser parser = new TemplateParser();
        FarmTemplates templates = new FarmTemplates(LAYOUT);

        SourceTemplate fixed = parser.parse(FarmLayout.sourceId(2), COMPARE.template(templates, LAYOUT, 2));
        SourceTemplate adaptive = parser.parse(FarmLayout.sourceId(302), COMPARE.template(templates, LAYOUT, 302));

        assertThat(fixed.pools()).containsExactly(Comparison.FIXED_POOL);
        assertThat(fixed.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fixed.adaptive()).isFalse();
        assertThat(adaptive.pools()).containsExactly(Comparison.ADAPTIVE_POOL);
        assertThat(adaptive.adaptive()).isTrue();
        assertThat(adaptive.freshness().target()).isEqualTo(Duration.ofSeconds(30));
        assertThat(adaptive.freshness().minInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(adaptive.freshness().maxInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(adaptive.url()).isNotEqualTo(fixed.url());
        assertThat(adaptive.kind()).isEqualTo(fixed.kind());
    }

    @Test
    void theAdaptiveBudgetIsAShareOfTheFixedPollsSplitOverItsInstances() {
        assertThat(Comparison.fixedPollsPerSecond(FARM)).isCloseTo(10.0, within(1e-9));
        assertThat(COMPARE.budgetPerInstance(FARM, 1)).isCloseTo(10 / 3.0, within(1e-9));
        assertThat(COMPARE.budgetPerInstance(FARM, 2)).isCloseTo(10 / 6.0, within(1e-9));
    }

    @Test
    void contradictoryBoundsAndShareAreRefused() {
        assertThatThrownBy(() -> new Comparison(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5), 0.5))
                .hasMessageContaining("--min-interval");
        assertThatThrownBy(() -> new Comparison(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(20), 0.5))
                .hasMessageContaining("--max-interval");
        assertThatThrownBy(() -> new Comparison(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5), 0))
                .hasMessageContaining("--budget-share");
    }

    @Test
    void eachArmCountsItsOwnItemsRequestsAndSourcesKeepingTheTarget() {
        FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(4).withHosts(4).withSpread(0, 2), 8080);
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        // Timeline 0 posts twice, timeline 1 once; source 2 and 3 are the adaptive twins of 0 and 1.
        List<FarmProcess.Posting> posted = List.of(
                new FarmProcess.Posting("farm-0", "u0a", t, false), new FarmProcess.Posting("farm-0", "u0b", t.plusSeconds(60), false),
                new FarmProcess.Posting("farm-1", "u1a", t, false),
                new FarmProcess.Posting("farm-2", "u2a", t, false), new FarmProcess.Posting("farm-2", "u2b", t.plusSeconds(60), false),
                new FarmProcess.Posting("farm-3", "u3a", t, false));
        Map<String, StoredItems.Row> rows = Map.of(
                FarmProcess.key("farm-0", "u0a"), row("farm-0", "u0a", t.plusSeconds(10), t.plusSeconds(12)),
                FarmProcess.key("farm-0", "u0b"), row("farm-0", "u0b", t.plusSeconds(80), t.plusSeconds(82)),
                FarmProcess.key("farm-1", "u1a"), row("farm-1", "u1a", t.plusSeconds(20), t.plusSeconds(22)),
                FarmProcess.key("farm-2", "u2a"), row("farm-2", "u2a", t.plusSeconds(5), t.plusSeconds(7)),
                FarmProcess.key("farm-2", "u2b"), row("farm-2", "u2b", t.plusSeconds(65), t.plusSeconds(67)));
        Map<String, FarmProcess.Requests> before = Map.of("farm-0", requests(5, 10), "farm-1", requests(5, 10), "farm-2", requests(3, 3),
                "farm-3", requests(1, 1));
        Map<String, FarmProcess.Requests> after = Map.of("farm-0", requests(10, 20), "farm-1", requests(15, 30), "farm-2", requests(6, 13),
                "farm-3", requests(2, 2));
        Map<String, String> plans = new java.util.HashMap<>(Map.of("farm-2", "target", "farm-3", "budget_short"));
        plans.put("farm-0", null);

        FreshnessReport.Arm fixed = ArmMeasure.measure(Comparison.FIXED_POOL, "fixed", layout, posted, rows, before, after, 10.0,
                Duration.ofSeconds(30), Duration.ofSeconds(1), plans);
        FreshnessReport.Arm adaptive = ArmMeasure.measure(Comparison.ADAPTIVE_POOL, "adaptive", layout, posted, rows, before, after, 10.0,
                Duration.ofSeconds(30), Duration.ofSeconds(1), plans);

        assertThat(fixed.sources()).isEqualTo(2);
        assertThat(fixed.posted()).isEqualTo(3);
        assertThat(fixed.missed()).isZero();
        assertThat(fixed.requests()).isEqualTo(30);
        assertThat(fixed.polls()).isEqualTo(15);
        assertThat(fixed.pollsPerSecond()).isEqualTo(1.5);
        assertThat(fixed.requestsPerNewItem()).isEqualTo(10.0);
        assertThat(fixed.maxSiteRequestsPerSecond()).as("farm-1: 20 requests in 10 s").isEqualTo(2.0);
        FreshnessReport.Arm oneHost = ArmMeasure.measure(Comparison.FIXED_POOL, "fixed", new FarmLayout(FarmSettings.defaults()
                .withSources(4).withSpread(0, 2), 8080), posted, rows, before, after, 10.0, Duration.ofSeconds(30), Duration.ofSeconds(1), plans);
        assertThat(oneHost.maxSiteRequestsPerSecond()).as("both fixed sources on one host: 30 requests in 10 s").isEqualTo(3.0);
        assertThat(fixed.freshness().p50()).isEqualTo(22.0);
        assertThat(fixed.freshness().max()).isEqualTo(22.0);
        assertThat(fixed.sourcesWithItems()).isEqualTo(2);
        assertThat(fixed.sourcesMeetingTarget()).as("every item found within 31 s").isEqualTo(2);
        assertThat(fixed.planReasons()).isEmpty();
        assertThat(fixed.freshnessPercentiles()).hasSize(100).endsWith(22.0).startsWith(12.0);

        assertThat(adaptive.posted()).isEqualTo(3);
        assertThat(adaptive.missed()).as("farm-3's item was never stored").isEqualTo(1);
        assertThat(adaptive.stored()).isEqualTo(2);
        assertThat(adaptive.requests()).isEqualTo(11);
        assertThat(adaptive.polls()).isEqualTo(4);
        assertThat(adaptive.sourcesMeetingTarget()).as("farm-3 missed its item").isEqualTo(1);
        assertThat(adaptive.shareMeetingTarget()).isEqualTo(0.5);
        assertThat(adaptive.planReasons()).containsExactly(Map.entry("budget_short", 1L), Map.entry("target", 1L));
    }

    @Test
    void aSourceWithOneItemFoundLateMissesItsTarget() {
        FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(2).withSpread(0, 2), 8080);
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        List<FarmProcess.Posting> posted = List.of(new FarmProcess.Posting("farm-1", "a", t, false),
                new FarmProcess.Posting("farm-1", "b", t.plusSeconds(100), false));
        Map<String, StoredItems.Row> rows = Map.of(FarmProcess.key("farm-1", "a"), row("farm-1", "a", t.plusSeconds(3), t.plusSeconds(4)),
                FarmProcess.key("farm-1", "b"), row("farm-1", "b", t.plusSeconds(132), t.plusSeconds(133)));

        FreshnessReport.Arm adaptive = ArmMeasure.measure(Comparison.ADAPTIVE_POOL, "adaptive", layout, posted, rows, Map.of(), Map.of(),
                10.0, Duration.ofSeconds(30), Duration.ofSeconds(1), Map.of());

        assertThat(adaptive.sourcesWithItems()).isEqualTo(1);
        assertThat(adaptive.sourcesMeetingTarget()).as("32 s is beyond 30 s + 1 s").isZero();
        assertThat(adaptive.missed()).isZero();
    }

    private static FarmProcess.Requests requests(long polls, long all) {
        return new FarmProcess.Requests(polls, all);
    }

    private static StoredItems.Row row(String source, String url, Instant discovered, Instant stored) {
        return new StoredItems.Row(source, url, discovered, stored);
    }
}
