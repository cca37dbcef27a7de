package io.realtimeminer.fetcher.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A source taken over after its owner died is polled at once if its last turn went unpolled. */
class TakeoverPollTest {

    private static final String ID = "src";
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** The source's last turn before the takeover. */
    private static final Instant LAST_TURN = PollScheduler.nextTurn(ID, INTERVAL, Instant.parse("2026-05-01T12:00:00Z"));
    /** The takeover, 8 s after that turn (a session timeout after the owner died). */
    private static final Instant NOW = LAST_TURN.plusSeconds(8);

    @Test
    void aTurnTheDeadOwnerMissedIsPolledAtOnceWithinTheSpread() {
        Instant due = TakeoverPoll.due(ID, INTERVAL, polledAt(LAST_TURN.minus(INTERVAL).plusMillis(300)), null, NOW, CATCH_UP);
        assertThat(due).isBetween(NOW, NOW.plus(TakeoverPoll.SPREAD));
        assertThat(TakeoverPoll.due(ID, INTERVAL, polledAt(null), null, NOW, CATCH_UP)).as("no poll time known").isNotNull();
    }

    @Test
    void aTurnThePreviousOwnerPolledWaitsForTheNextTurn() {
        assertThat(TakeoverPoll.due(ID, INTERVAL, polledAt(LAST_TURN.plusMillis(400)), null, NOW, CATCH_UP)).isNull();
    }

    @Test
    void aTurnOlderThanTheCatchUpWindowWaitsForTheNextTurn() {
        Duration hourly = Duration.ofHours(1);
        Instant lastHourlyTurn = PollScheduler.nextTurn(ID, hourly, NOW).minus(hourly);
        Instant muchLater = lastHourlyTurn.plus(Duration.ofMinutes(20));
        assertThat(TakeoverPoll.due(ID, hourly, polledAt(lastHourlyTurn.minus(hourly)), null, muchLater, CATCH_UP)).isNull();
    }

    @Test
    void aRunningBackoffOrADisabledCatchUpWaits() {
        FetchState missed = polledAt(LAST_TURN.minus(INTERVAL));
        assertThat(TakeoverPoll.due(ID, INTERVAL, missed, NOW.plusSeconds(60), NOW, CATCH_UP)).isNull();
        assertThat(TakeoverPoll.due(ID, INTERVAL, missed, null, NOW, Duration.ZERO)).isNull();
    }

    @Test
    void aShortIntervalIsCaughtUpWithinAQuarterOfIt() {
        Duration second = Duration.ofSeconds(1);
        Instant due = TakeoverPoll.due(ID, second, polledAt(NOW.minusSeconds(9)), null, NOW, CATCH_UP);
        assertThat(due).isBetween(NOW, NOW.plusMillis(250));
    }

    private static FetchState polledAt(Instant at) {
        return new FetchState("https://news.example/list", "\"v1\"", null, List.of(), 0, null, at);
    }
}
