package io.realtimeminer.fetcher.command;

import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CommandInboxTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private final Set<String> owned = new HashSet<>();
    private final List<String> polled = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T0);
    private final CommandInbox inbox = new CommandInbox((sourceId, requestedAt) -> {
        if (!owned.contains(sourceId)) {
            return false;
        }
        polled.add(sourceId + "@" + requestedAt);
        return true;
    }, clock);

    @Test
    void aCommandForAnOwnedSourcePollsItAtOnce() {
        owned.add("s1");

        inbox.accept(fetch("r1", "s1", T0));

        assertThat(polled).containsExactly("s1@" + T0);
        assertThat(inbox.waiting()).isZero();
    }

    @Test
    void aCommandForASourceNotOwnedYetWaitsUntilItsSourceArrivesOrItIsTooOld() {
        inbox.accept(fetch("r1", "s1", T0));
        inbox.accept(fetch("r2", "s2", T0));
        inbox.retryWaiting();
        assertThat(polled).isEmpty();
        assertThat(inbox.waiting()).isEqualTo(2);

        // s1's template was read: its request is acted on.
        owned.add("s1");
        clock.set(T0.plusSeconds(30));
        inbox.retryWaiting();
        assertThat(polled).containsExactly("s1@" + T0);
        assertThat(inbox.waiting()).isEqualTo(1);

        // s2 never arrives here (another pool's source): dropped after the lookback.
        clock.set(T0.plus(CommandInbox.LOOKBACK).plusSeconds(1));
        inbox.retryWaiting();
        assertThat(inbox.waiting()).isZero();
        owned.add("s2");
        inbox.retryWaiting();
        assertThat(polled).containsExactly("s1@" + T0);
    }

    @Test
    void oldAndUnknownCommandsAreNotActedOn() {
        owned.add("s1");
        inbox.accept(fetch("r1", "s1", T0.minus(CommandInbox.LOOKBACK).minusSeconds(1)));
        inbox.accept(SourceCommand.newBuilder(fetch("r2", "s1", T0)).setAction("explode").build());

        assertThat(polled).isEmpty();
        assertThat(inbox.waiting()).isZero();
    }

    @Test
    void theWaitingCommandsAreBounded() {
        for (int i = 0; i < CommandInbox.MAX_WAITING + 5; i++) {
            inbox.accept(fetch("r" + i, "s" + i, T0.plus(Duration.ofMillis(i))));
        }
        assertThat(inbox.waiting()).isEqualTo(CommandInbox.MAX_WAITING);
        owned.add("s0");
        owned.add("s" + (CommandInbox.MAX_WAITING + 4));
        inbox.retryWaiting();
        assertThat(polled).as("the oldest went first").containsExactly("s" + (CommandInbox.MAX_WAITING + 4) + "@"
                + T0.plus(Duration.ofMillis(CommandInbox.MAX_WAITING + 4)));
    }

    @Test
    void whatAHubSaidGoesToTheSubscriptionsAndANotificationPolls() {
        List<String> told = new ArrayList<>();
        CommandInbox withPush = new CommandInbox((sourceId, requestedAt) -> polled.add(sourceId), new PushEvents() {
            @Override
            public boolean verified(String sourceId, long generation, Duration lease) {
                told.add("verified " + sourceId + " " + generation + " " + lease.toSeconds());
                return true;
            }

            @Override
            public boolean denied(String sourceId, long generation, String reason) {
                told.add("denied " + sourceId + " " + generation);
                return true;
            }
        }, clock);

        withPush.accept(command("s1", "push-verified", 7, 86_400));
        withPush.accept(command("s1", "push-denied", 8, 0));
        withPush.accept(command("s1", "push", 7, 0));
        withPush.accept(command("s1", "explode", 7, 0));

        assertThat(told).containsExactly("verified s1 7 86400", "denied s1 8");
        assertThat(polled).containsExactly("s1");
    }

    private SourceCommand command(String sourceId, String action, long generation, long lease) {
        return SourceCommand.newBuilder().setRequestId(action).setSourceId(sourceId).setAction(action).setRequestedAt(clock.instant())
                .setRequestedBy("fetcher-test/websub").setGeneration(generation).setLeaseSeconds(lease).build();
    }

    private static SourceCommand fetch(String requestId, String sourceId, Instant at) {
        return SourceCommand.newBuilder().setRequestId(requestId).setSourceId(sourceId).setAction("fetch").setRequestedAt(at)
                .setRequestedBy("fetcher-test").build();
    }
}
