package io.realtimeminer.fetcher.adaptive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a source's polls teach about its posting: rate, hours, and how it fades. */
class PostingModelTest {

    /** A Monday, 10:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theDatesAFirstPollListsGiveTheRateAtOnce() {
        PostingModel model = PostingModel.NONE.found(every(Duration.ofMinutes(6), 20), NOW);

        assertThat(model.learned(NOW)).isTrue();
        assertThat(model.rate(NOW) * 3600).as("one post every 6 minutes").isCloseTo(10, within(0.5));
        assertThat(Arrays.stream(model.slots()).sum()).isCloseTo(20, within(0.1));
    }

    @Test
    void withoutTwoDatesObservationStartsNowAndIsLearnedAfterAQuarterOfAnHour() {
        PostingModel model = PostingModel.NONE.found(Arrays.asList(null, NOW.minusSeconds(60)), NOW);

        assertThat(model.observed()).isTrue();
        assertThat(model.learned(NOW.plus(Duration.ofMinutes(14)))).isFalse();
        assertThat(model.rate(NOW.plus(Duration.ofMinutes(14)))).isNaN();
        assertThat(model.learned(NOW.plus(Duration.ofMinutes(15)))).isTrue();
        assertThat(model.rate(NOW.plus(Duration.ofHours(1))) * 3600).as("a silent source has half an item's rate").isCloseTo(0.5, within(0.01));
    }

    @Test
    void itemsFoundLaterAddToTheRateAndDatesAheadOrLongBeforeCountAsFoundNow() {
        PostingModel model = PostingModel.NONE.found(List.of(), NOW);
        Instant later = NOW.plus(Duration.ofHours(2));

        PostingModel after = model.found(Arrays.asList(later.minusSeconds(30), later.plus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(30)),
                null), later);

        assertThat(after.items()).isCloseTo(4, within(0.01));
        assertThat(after.rate(later) * 3600).isCloseTo(4.5 / 2, within(0.05));
        // All four in the hour they were found (10:00 + 2 h = 12:00 Monday; the first at 11:59:30).
        double[] slots = after.slots();
        assertThat(slots[12] + slots[11]).isCloseTo(4, within(0.01));
    }

    @Test
    void oldObservationsFadeWithAHalfLifeOfTwoWeeks() {
        PostingModel busy = PostingModel.NONE.found(every(Duration.ofMinutes(30), 48), NOW);
        Instant month = NOW.plus(Duration.ofDays(28));

        assertThat(busy.rate(month)).as("four weeks of silence later").isLessThan(busy.rate(NOW) / 20);
    }

    @Test
    void anHourOfTheDayTheSourceNeverPostsInIsFarQuieterThanItsAverageOnceEnoughIsKnown() {
        List<Instant> listed = new ArrayList<>();
        Instant midnight = Instant.parse("2026-11-23T00:00:00Z");
        for (int day = 1; day <= 5; day++) {
            for (int hour = 9; hour <= 17; hour++) {
                listed.add(midnight.minus(Duration.ofDays(day)).plus(Duration.ofHours(hour)));
            }
        }
        Instant night = midnight.plus(Duration.ofHours(3));
        Instant noon = midnight.plus(Duration.ofHours(12));
        PostingModel model = PostingModel.NONE.found(listed, night);

        assertThat(model.hourFactor(night)).isLessThan(0.1);
        assertThat(model.hourFactor(noon)).isGreaterThan(2);
        assertThat(model.rateInHour(noon)).isGreaterThan(20 * model.rateInHour(night));

        PostingModel young = PostingModel.NONE.found(listed.subList(0, 9), night);
        assertThat(young.hourFactor(night)).as("one day of history: no profile yet").isEqualTo(1);
    }

    @Test
    void equalModelsAreEqualAndTheirSlotsCannotBeChangedFromOutside() {
        PostingModel a = PostingModel.NONE.found(List.of(NOW.minusSeconds(600), NOW.minusSeconds(60)), NOW);
        PostingModel b = PostingModel.NONE.found(List.of(NOW.minusSeconds(600), NOW.minusSeconds(60)), NOW);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        a.slots()[0] = 99;
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(a.found(List.of(NOW), NOW.plusSeconds(1)));
    }

    /** {@code count} posting times {@code gap} apart, the newest now. */
    private static List<Instant> every(Duration gap, int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(NOW.minus(gap.multipliedBy(i)));
        }
        return times;
    }
}
