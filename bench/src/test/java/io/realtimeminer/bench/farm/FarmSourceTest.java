package io.realtimeminer.bench.farm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FarmSourceTest {

    private static final long START = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    private static FarmLayout layout(FarmSettings.Arrivals arrivals) {
        return new FarmLayout(FarmSettings.defaults().withSources(4)
                .withItems(Duration.ofSeconds(10), arrivals, 5), 8080);
    }

    @Test
    void aSourceStartsWithItsLatestItemsAlreadyPostedAndShowsOnlyThose() {
        FarmSource source = new FarmSource(1, layout(FarmSettings.Arrivals.FIXED), START);

        FarmSource.View view = source.view(START);

        assertThat(view.version()).isEqualTo(5);
        assertThat(view.latestMillis()).hasSize(5);
        assertThat(view.latestMillis()[0]).isLessThan(START);
        assertThat(source.items(view)).extracting(FarmItem::seq).containsExactly(4L, 3L, 2L, 1L, 0L);
    }

    @Test
    void itemsAppearOnePerPeriodAtTheirOwnPhase() {
        FarmSource source = new FarmSource(1, layout(FarmSettings.Arrivals.FIXED), START);

        FarmSource.View later = source.view(START + 100_000);

        // A random phase within the first period: 10 items in 100 s (11 if the phase is exactly 0).
        assertThat(later.version() - 5).isBetween(10L, 11L);
        long[] times = later.latestMillis();
        for (int i = 1; i < times.length; i++) {
            assertThat(times[i - 1] - times[i]).isEqualTo(10_000);
        }
        assertThat(source.items(later)).hasSize(5).first().satisfies(newest -> {
            assertThat(newest.seq()).isEqualTo(later.version() - 1);
            assertThat(newest.postedAt().toEpochMilli()).isBetween(START + 90_000, START + 100_000);
        });
    }

    @Test
    void postingTimesDoNotDependOnWhenTheSourceIsLookedAt() {
        FarmLayout layout = layout(FarmSettings.Arrivals.POISSON);
        FarmSource often = new FarmSource(2, layout, START);
        FarmSource once = new FarmSource(2, layout, START);
        for (long t = START; t <= START + 300_000; t += 7_000) {
            often.view(t);
        }

        assertThat(often.history(START + 300_000)).isEqualTo(once.history(START + 300_000));
    }

    @Test
    void poissonArrivalsKeepTheMeanRate() {
        FarmSource source = new FarmSource(3, layout(FarmSettings.Arrivals.POISSON), START);

        long posted = source.view(START + 10_000L * 10_000).version() - 5;

        // 10,000 periods: mean 10,000, standard deviation 100.
        assertThat((double) posted).isCloseTo(10_000, within(400.0));
    }

    @Test
    void itemsAreRepeatableAndLinkToTheirOwnPage() {
        FarmLayout layout = layout(FarmSettings.Arrivals.FIXED);
        List<FarmItem> first = new FarmSource(1, layout, START).history(START + 60_000);
        List<FarmItem> second = new FarmSource(1, layout, START).history(START + 60_000);

        assertThat(first).isEqualTo(second);
        assertThat(first.get(3).link()).isEqualTo("http://127.0.0.1:8080/story/1/3");
        assertThat(first.get(3).guid()).isEqualTo("farm-1-3");
        assertThat(first.get(3).title()).startsWith("Q&A: ").endsWith("<farm-1 #3>");
    }

    @Test
    void theBacklogWasPostedBeforeTheStartWhateverTheArrivals() {
        for (FarmSettings.Arrivals arrivals : FarmSettings.Arrivals.values()) {
            FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(500)
                    .withItems(Duration.ofMinutes(2), arrivals, 20).withSpread(1.0, 1), 8080);
            for (int n = 0; n < 500; n++) {
                FarmSource source = new FarmSource(n, layout, START);
                long[] backlog = source.view(START).latestMillis();
                assertThat(backlog).hasSize(20);
                assertThat(backlog[0]).as("%s source %d: the newest of its backlog", arrivals, n).isLessThan(START);
                assertThat(source.history(START + 600_000)).filteredOn(item -> item.seq() >= 20)
                        .allMatch(item -> item.postedAt().toEpochMilli() >= START);
            }
        }
    }

    @Test
    void twinsPostAtTheSameTimesWithLinksOfTheirOwn() {
        FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(8)
                .withItems(Duration.ofMinutes(2), FarmSettings.Arrivals.POISSON, 5).withSpread(2.5, 2), 8080);

        List<FarmItem> first = new FarmSource(3, layout, START).history(START + 3_600_000);
        List<FarmItem> twin = new FarmSource(7, layout, START).history(START + 3_600_000);
        List<FarmItem> other = new FarmSource(2, layout, START).history(START + 3_600_000);

        assertThat(layout.timeline(7)).isEqualTo(3);
        assertThat(layout.copy(3)).isZero();
        assertThat(layout.copy(7)).isEqualTo(1);
        assertThat(layout.kind(7)).isEqualTo(layout.kind(3));
        assertThat(twin).extracting(FarmItem::postedAt).isEqualTo(first.stream().map(FarmItem::postedAt).toList());
        assertThat(twin.get(0).link()).isEqualTo("http://127.0.0.1:8080/story/7/0").isNotEqualTo(first.get(0).link());
        assertThat(twin.get(0).guid()).isNotEqualTo(first.get(0).guid());
        assertThat(other).extracting(FarmItem::postedAt).isNotEqualTo(first.stream().map(FarmItem::postedAt).toList());
    }

    @Test
    void aRateSpreadIsLogNormalAroundTheMedianAndNeverFasterThanTheFloor() {
        FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(4_000)
                .withItems(Duration.ofHours(1), FarmSettings.Arrivals.POISSON, 5).withSpread(2.0, 1), 8080);

        long[] gaps = java.util.stream.IntStream.range(0, 4_000).mapToLong(layout::itemEveryMillis).sorted().toArray();
        double[] logs = java.util.Arrays.stream(gaps).mapToDouble(g -> Math.log(g / 3_600_000.0)).toArray();
        double mean = java.util.Arrays.stream(logs).average().orElseThrow();
        double sigma = Math.sqrt(java.util.Arrays.stream(logs).map(l -> (l - mean) * (l - mean)).average().orElseThrow());

        assertThat(gaps[2_000] / 3_600_000.0).as("median gap in hours").isCloseTo(1.0, within(0.15));
        assertThat(sigma).isCloseTo(2.0, within(0.1));
        assertThat(gaps[0]).isGreaterThanOrEqualTo(FarmSettings.FASTEST.toMillis());
        assertThat(gaps[3_999]).as("a few post but rarely").isGreaterThan(Duration.ofDays(10).toMillis());
        assertThat(layout.itemEveryMillis(17)).as("the same draw every time").isEqualTo(layout.itemEveryMillis(17));
    }

    @Test
    void withoutASpreadEverySourcePostsAtTheFarmsRate() {
        FarmLayout layout = layout(FarmSettings.Arrivals.FIXED);

        assertThat(java.util.stream.IntStream.range(0, 4).mapToLong(layout::itemEveryMillis)).containsOnly(10_000L);
        assertThat(layout.timeline(3)).isEqualTo(3);
    }
}
