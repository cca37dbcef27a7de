package io.realtimeminer.fetcher.adaptive;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The sharing of a poll budget: 1/sqrt(rate), within bounds, exactly the budget. */
class PollBudgetTest {

    private static final PollBudget.Demand BUSY = new PollBudget.Demand(1.0 / 60, 5, 600, 3600);
    private static final PollBudget.Demand MEDIUM = new PollBudget.Demand(1.0 / 3600, 5, 600, 3600);

    @Test
    void intervalsGoAsOneOverTheSquareRootOfTheRateAndSpendTheWholeBudget() {
        PollBudget budget = new PollBudget(0.05);

        PollBudget.Allocation shared = budget.allocate(List.of(BUSY, MEDIUM), 0);

        double busy = shared.intervalSeconds(BUSY);
        double medium = shared.intervalSeconds(MEDIUM);
        assertThat(shared.targetsServed()).isTrue();
        assertThat(medium / busy).as("a rate 60 times higher: sqrt(60) times as often").isCloseTo(Math.sqrt(60), within(0.01));
        assertThat(1 / busy + 1 / medium).isCloseTo(0.05, within(1e-6));
        assertThat(shared.pollsPerSecond()).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void theSharedIntervalsGiveLessTotalLagThanEqualOnes() {
        PollBudget.Allocation shared = new PollBudget(0.05).allocate(List.of(BUSY, MEDIUM), 0);
        double equal = 2 / 0.05;

        double sharedLag = BUSY.rate() * shared.intervalSeconds(BUSY) / 2 + MEDIUM.rate() * shared.intervalSeconds(MEDIUM) / 2;
        double equalLag = (BUSY.rate() + MEDIUM.rate()) * equal / 2;

        assertThat(sharedLag).isLessThan(equalLag * 0.8);
    }

    @Test
    void aGenerousBudgetPollsEveryoneAtTheShortestIntervalAndFixedSourcesTakeTheirShareFirst() {
        PollBudget.Allocation generous = new PollBudget(10).allocate(List.of(BUSY, MEDIUM), 0);
        assertThat(generous.intervalSeconds(BUSY)).isEqualTo(5);
        assertThat(generous.intervalSeconds(MEDIUM)).isEqualTo(5);

        PollBudget.Allocation taken = new PollBudget(0.06).allocate(List.of(BUSY, MEDIUM), 0.01);
        assertThat(1 / taken.intervalSeconds(BUSY) + 1 / taken.intervalSeconds(MEDIUM)).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void sourcesStillLearningKeepTheirIntervalWhileTheBudgetPaysForThemAndAreStretchedByOneFactorWhenItCannot() {
        PollBudget.Learning quick = new PollBudget.Learning(10, 20);
        PollBudget.Learning slow = new PollBudget.Learning(60, 3600);

        // 1/10 + 1/60 for the learning ones beside the learned at their longest (2/3600): paid for.
        PollBudget.Allocation paid = new PollBudget(0.2).allocate(List.of(BUSY, MEDIUM), List.of(quick, slow), 0);
        assertThat(paid.learningStretch()).isEqualTo(1);
        assertThat(paid.intervalSeconds(quick)).isEqualTo(10);
        assertThat(paid.targetsServed()).isTrue();
        assertThat(paid.pollsPerSecond()).isCloseTo(0.2, within(1e-6));

        // 0.1 polls/s: the learned ones at their longest, the learning ones share what is left, stretched by one factor.
        PollBudget.Allocation tight = new PollBudget(0.1).allocate(List.of(BUSY, MEDIUM), List.of(quick, slow), 0.001);
        double left = 0.1 - 0.001 - 2.0 / 3600;
        assertThat(tight.intervalSeconds(BUSY)).isEqualTo(3600);
        assertThat(tight.learningStretch()).isCloseTo(1.185, within(0.001));
        assertThat(tight.intervalSeconds(slow) / tight.intervalSeconds(quick)).isCloseTo(6, within(1e-6));
        assertThat(1 / tight.intervalSeconds(quick) + 1 / tight.intervalSeconds(slow)).isCloseTo(left, within(1e-6));
        assertThat(tight.pollsPerSecond()).isCloseTo(0.1, within(1e-6));

        // 0.055: the quick one at its longest, the slow one takes what is left.
        PollBudget.Allocation tighter = new PollBudget(0.055).allocate(List.of(BUSY, MEDIUM), List.of(quick, slow), 0.001);
        assertThat(tighter.intervalSeconds(quick)).isEqualTo(20);
        assertThat(1 / tighter.intervalSeconds(slow)).isCloseTo(0.055 - 0.001 - 2.0 / 3600 - 0.05, within(1e-6));

        // Not even every one at its longest fits: all at their longest, over the budget as little as can be.
        PollBudget.Allocation none = new PollBudget(0.01).allocate(List.of(BUSY, MEDIUM), List.of(quick, slow), 0);
        assertThat(none.intervalSeconds(quick)).isEqualTo(20);
        assertThat(none.intervalSeconds(slow)).isEqualTo(3600);
        assertThat(none.pollsPerSecond()).isCloseTo(1.0 / 20 + 3.0 / 3600, within(1e-9));
    }

    @Test
    void aBudgetBelowTheTargetsStretchesIntervalsTowardsTheLongestAndSaysSo() {
        PollBudget.Allocation short_ = new PollBudget(1.0 / 1200).allocate(List.of(BUSY, MEDIUM), 0);

        assertThat(short_.targetsServed()).isFalse();
        assertThat(short_.intervalSeconds(BUSY)).isGreaterThan(600);
        assertThat(short_.intervalSeconds(MEDIUM)).isEqualTo(3600);
        assertThat(1 / short_.intervalSeconds(BUSY) + 1 / short_.intervalSeconds(MEDIUM)).isCloseTo(1.0 / 1200, within(1e-7));

        PollBudget.Allocation none = new PollBudget(1.0 / 7200).allocate(List.of(BUSY, MEDIUM), 0);
        assertThat(none.intervalSeconds(BUSY)).as("not even the longest fit: all at the longest").isEqualTo(3600);
    }

    @Test
    void aShortBudgetServesTheTargetsOfTheSourcesThatPostMostFirstAndSharesTheRestByRate() {
        PollBudget.Demand a = new PollBudget.Demand(1.0 / 60, 5, 60, 3600);
        PollBudget.Demand b = new PollBudget.Demand(1.0 / 600, 5, 60, 3600);
        PollBudget.Demand c = new PollBudget.Demand(1.0 / 36_000, 5, 60, 3600);

        PollBudget.Allocation shared = new PollBudget(0.02).allocate(List.of(c, a, b), 0);

        assertThat(shared.targetsServed()).isFalse();
        assertThat(shared.intervalSeconds(a)).as("the busiest is served").isEqualTo(60);
        // The rest, 0.02 - 1/60 polls a second, goes to b and c in proportion to 1/sqrt(rate): about 339 s and 2,626 s.
        assertThat(shared.intervalSeconds(b)).isCloseTo(339, within(2.0));
        assertThat(shared.intervalSeconds(c)).isCloseTo(2626, within(15.0));
        assertThat(1 / shared.intervalSeconds(a) + 1 / shared.intervalSeconds(b) + 1 / shared.intervalSeconds(c)).isCloseTo(0.02, within(1e-6));

        // More items are found within their target than if every source were stretched by 1/sqrt(rate) alone.
        double lowestLagScale = 0.02 / (Math.sqrt(a.rate()) + Math.sqrt(b.rate()) + Math.sqrt(c.rate()));
        double onTimeServed = onTime(List.of(a, b, c), shared::intervalSeconds);
        double onTimeStretched = onTime(List.of(a, b, c), d -> Math.min(3600, Math.max(60, 1 / (lowestLagScale * Math.sqrt(d.rate())))));
        assertThat(onTimeServed).isGreaterThan(0.9).isGreaterThan(onTimeStretched + 0.05);
    }

    /** The share of items found within their target, for intervals given per source (a poll finds an item uniformly within its interval). */
    private static double onTime(List<PollBudget.Demand> demands, ToDoubleFunction<PollBudget.Demand> interval) {
        double all = demands.stream().mapToDouble(PollBudget.Demand::rate).sum();
        return demands.stream().mapToDouble(d -> d.rate() * Math.min(1, d.targetSeconds() / interval.applyAsDouble(d))).sum() / all;
    }

    @Test
    void noBudgetSharesNothingAndANonsenseBudgetIsRefused() {
        assertThat(new PollBudget(0).allocate(List.of(BUSY), 0).budgeted()).isFalse();
        assertThatThrownBy(() -> new PollBudget(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollBudget(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
