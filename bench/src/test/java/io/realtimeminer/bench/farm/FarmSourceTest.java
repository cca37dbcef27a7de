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
}
