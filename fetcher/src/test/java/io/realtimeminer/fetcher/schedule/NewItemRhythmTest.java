package io.realtimeminer.fetcher.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NewItemRhythmTest {

    private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theUsualGapIsLearnedFromTheSecondMomentOn() {
        NewItemRhythm rhythm = NewItemRhythm.NONE.newItemsAt(T0);
        assertThat(rhythm).isEqualTo(new NewItemRhythm(T0, null));
        assertThat(rhythm.silentAt(T0.plus(Duration.ofDays(30)), 4)).as("nothing learned, never silent").isFalse();

        rhythm = rhythm.newItemsAt(T0.plus(HOUR));
        assertThat(rhythm.usualGap()).isEqualTo(HOUR);
        assertThat(rhythm.silentAt(T0.plus(HOUR).plus(HOUR.multipliedBy(4)), 4)).isFalse();
        assertThat(rhythm.silentAt(T0.plus(HOUR).plus(HOUR.multipliedBy(4)).plusSeconds(1), 4)).isTrue();
    }

    @Test
    void aSteadySourceKeepsItsGapAndBurstsAndNightsBalanceOut() {
        NewItemRhythm steady = NewItemRhythm.NONE;
        for (int i = 0; i <= 20; i++) {
            steady = steady.newItemsAt(T0.plus(HOUR.multipliedBy(i)));
        }
        assertThat(steady.usualGap()).isEqualTo(HOUR);

        // Every hour a burst: three moments a minute apart, then 58 minutes of quiet.
        NewItemRhythm bursty = NewItemRhythm.NONE;
        Instant at = T0;
        for (int hour = 0; hour < 48; hour++) {
            for (int k = 0; k < 3; k++) {
                bursty = bursty.newItemsAt(at);
                at = at.plus(k < 2 ? Duration.ofMinutes(1) : Duration.ofMinutes(58));
            }
        }
        // Between the burst's minute and the quiet hour: the quiet between bursts does not look like a dead source.
        assertThat(bursty.usualGap()).isBetween(Duration.ofMinutes(3), HOUR);
        assertThat(bursty.silentAt(bursty.lastNewItemAt().plus(Duration.ofMinutes(58)), 4)).isFalse();
        assertThat(bursty.silentAt(bursty.lastNewItemAt().plus(HOUR.multipliedBy(3)), 4)).isTrue();
    }

    @Test
    void aMomentNotAfterTheLastChangesNothing() {
        NewItemRhythm rhythm = NewItemRhythm.NONE.newItemsAt(T0).newItemsAt(T0.plus(HOUR));
        assertThat(rhythm.newItemsAt(T0.plus(HOUR))).isEqualTo(rhythm);
        assertThat(rhythm.newItemsAt(T0)).isEqualTo(rhythm);
    }
}
