package io.realtimeminer.fetcher.sites;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SiteSharesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0);

    @Test
    void aFetcherAloneTakesTheWholeBudget() {
        SiteShares shares = new SiteShares(4, "me", TIMEOUT, clock);
        shares.planned(Map.of("example.com", 10.0));
        shares.measure();

        assertThat(shares.allowance("example.com")).isEqualTo(4.0);
        assertThat(shares.allowance("never-asked.org")).isEqualTo(4.0);
        assertThat(Duration.ofNanos(shares.spacingNanos("example.com"))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void wantsBeyondTheBudgetSplitItInProportionSoTheClusterStaysWithinIt() {
        SiteShares mine = new SiteShares(4, "a", TIMEOUT, clock);
        SiteShares theirs = new SiteShares(4, "b", TIMEOUT, clock);
        mine.planned(Map.of("example.com", 6.0));
        theirs.planned(Map.of("example.com", 2.0));
        mine.heartbeat("b", heartbeat("b", theirs.measure()));
        theirs.heartbeat("a", heartbeat("a", mine.measure()));

        assertThat(mine.allowance("example.com")).isCloseTo(3.0, within(1e-9));
        assertThat(theirs.allowance("example.com")).isCloseTo(1.0, within(1e-9));
        assertThat(mine.sharers("example.com")).isEqualTo(1);
    }

    @Test
    void wantsWithinTheBudgetGetMoreThanTheyWant() {
        SiteShares mine = new SiteShares(4, "a", TIMEOUT, clock);
        mine.planned(Map.of("example.com", 1.0));
        mine.measure();
        mine.heartbeat("b", heartbeat("b", Map.of("example.com", 1.0, "other.org", 9.0)));

        assertThat(mine.allowance("example.com")).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void requestsAskedForCountWhenTheyExceedThePlan() {
        SiteShares mine = new SiteShares(4, "a", TIMEOUT, clock);
        mine.planned(Map.of("example.com", 0.5));
        for (int i = 0; i < 30; i++) {
            mine.asked("example.com");
        }
        mine.asked("pages.org");
        clock.advance(Duration.ofSeconds(10));

        Map<String, Double> wants = mine.measure();

        assertThat(wants).containsEntry("example.com", 3.0).containsEntry("pages.org", 0.1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(mine.measure()).as("the next interval counts anew; the plan stays").isEqualTo(Map.of("example.com", 0.5));
    }

    @Test
    void aSiteNotClaimedYetCountsWithAHundredthOfTheBudget() {
        SiteShares mine = new SiteShares(4, "a", TIMEOUT, clock);
        mine.heartbeat("b", heartbeat("b", Map.of("example.com", 4.0)));

        assertThat(mine.allowance("example.com")).isCloseTo(4 * 0.04 / 4.04, within(1e-9));
    }

    @Test
    void claimsEndWithTheTombstoneOrTheHeartbeatTimeoutAndOwnHeartbeatsAreNotOthers() {
        SiteShares mine = new SiteShares(4, "a", TIMEOUT, clock);
        mine.planned(Map.of("example.com", 2.0));
        mine.measure();
        mine.heartbeat("a", heartbeat("a", Map.of("example.com", 2.0)));
        assertThat(mine.allowance("example.com")).isEqualTo(4.0);

        mine.heartbeat("b", heartbeat("b", Map.of("example.com", 2.0)));
        assertThat(mine.allowance("example.com")).isCloseTo(2.0, within(1e-9));
        mine.heartbeat("b", null);
        assertThat(mine.allowance("example.com")).isEqualTo(4.0);

        mine.heartbeat("c", heartbeat("c", Map.of("example.com", 2.0)));
        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(mine.allowance("example.com")).as("a dead fetcher holds its share until its heartbeat times out").isCloseTo(2.0, within(1e-9));
        clock.advance(Duration.ofMillis(1));
        assertThat(mine.allowance("example.com")).isEqualTo(4.0);
    }

    @Test
    void withoutABudgetNothingIsLimitedAndNothingIsTold() {
        SiteShares none = new SiteShares(0, "a", TIMEOUT, clock);
        none.planned(Map.of("example.com", 100.0));
        none.asked("example.com");

        assertThat(none.measure()).isEmpty();
        assertThat(none.allowance("example.com")).isInfinite();
        assertThat(none.spacingNanos("example.com")).isZero();
    }

    @Test
    void aTinyShareWaitsAtMostTheLongestSpacing() {
        SiteShares mine = new SiteShares(0.001, "a", TIMEOUT, clock);
        mine.heartbeat("b", heartbeat("b", Map.of("example.com", 1000.0)));

        assertThat(Duration.ofNanos(mine.spacingNanos("example.com"))).isEqualTo(SiteShares.LONGEST_SPACING);
    }

    private InstanceStatus heartbeat(String id, Map<String, Double> wants) {
        return InstanceStatus.newBuilder().setInstanceId(id).setRole("fetcher").setHost("h").setPid(1).setPool("default")
                .setVersion("test").setStartedAt(T0).setHeartbeatAt(T0).setHeartbeatIntervalMs(1000).setSiteWants(wants).build();
    }
}
