package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.push.Hub;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.sites.SiteAllowance;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.FreshnessTarget;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSub on the owner's side, on a manual clock: a poll whose answer names a hub subscribes its
 * source; once the hub verified it the source is polled at the backup interval only; a request
 * never verified, or refused, is tried again after a backoff; a lease is renewed at 80 %; a
 * deleted source is unsubscribed.
 */
class PushSchedulingTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final String FEED = "https://news.example.com/feed";
    private static final String HUB = "https://hub.example/";
    private static final String SELF = "https://news.example.com/feed?self";
    private static final Duration BACKUP = Duration.ofMinutes(10);
    private static final Duration LEASE = Duration.ofDays(1);

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final CollectingStatusListener statuses = new CollectingStatusListener();
    private ManualTimer timer;
    private PushSubscriptions push;
    private PollScheduler scheduler;

    @BeforeEach
    void start() {
        timer = new ManualTimer(T0);
        push = subscriptions(timer);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, new LineListExtractor()), new CollectingItemSink(sent), Runnable::run,
                polls::add, 1000, timer.clock(), new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30),
                FetchStateListener.NONE, 0, timer, statuses, SiteAllowance.NONE, push);
        http.answerWithLinks(FEED, "a|Story a\n", "<" + HUB + ">; rel=\"hub\", <" + SELF + ">; rel=\"self\"");
        http.refuse(HUB, 202, null);
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void aPollThatNamesAHubSubscribesAndAVerifiedSourceIsPolledAtTheBackupIntervalOnly() {
        scheduler.upsert(fixed());
        timer.advance(Duration.ofSeconds(30));

        List<FetchRequest> asked = hubRequests();
        assertThat(asked).hasSize(1);
        Map<String, String> form = asked.get(0).form();
        assertThat(form).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", SELF)
                .containsEntry("hub.lease_seconds", "86400").containsKey("hub.secret");
        assertThat(form.get("hub.callback")).startsWith("https://miner.example/websub/news/");
        assertThat(push.pushed("news")).as("not before the hub verified it").isFalse();

        long generation = push.subscription("news").orElseThrow().generation();
        push.verified("news", generation, LEASE);
        Instant verifiedAt = timer.clock().instant();
        timer.advance(Duration.ofMinutes(30));

        assertThat(push.pushed("news")).isTrue();
        List<Instant> after = polls.stream().map(PollResult::due).filter(due -> due.isAfter(verifiedAt.plusSeconds(30))).toList();
        for (int i = 1; i < after.size(); i++) {
            assertThat(Duration.between(after.get(i - 1), after.get(i))).isEqualTo(BACKUP);
        }
        assertThat(after).hasSizeBetween(2, 3);
        assertThat(hubRequests()).as("no second request while the lease runs").hasSize(1);
    }

    @Test
    void anAdaptiveSourceThatIsPushedSaysSo() {
        scheduler.upsert(adaptive(), null, T0);
        timer.advance(Duration.ofSeconds(1));
        push.verified("news", push.subscription("news").orElseThrow().generation(), LEASE);

        timer.advance(Duration.ofMinutes(2));

        PollPlan plan = statuses.last("news").plan();
        assertThat(plan.reason()).isEqualTo(PollPlan.Reason.PUSH);
        assertThat(plan.interval()).isEqualTo(BACKUP);
        assertThat(plan.targetMet()).isTrue();
    }

    @Test
    void aSubscriptionNeverVerifiedOrRefusedIsAskedAgainAfterABackoffAndTheSourcePolledMeanwhile() {
        http.refuse(HUB, 500, null);
        scheduler.upsert(fixed());
        timer.advance(Duration.ofMinutes(1).minusSeconds(1));
        assertThat(push.subscription("news").orElseThrow().state()).isEqualTo(PushSubscriptions.State.FAILED);
        assertThat(hubRequests()).as("not again before the backoff").hasSize(1);

        http.refuse(HUB, 202, null);
        timer.advance(Duration.ofMinutes(2));
        assertThat(hubRequests()).as("asked again after a minute").hasSize(2);
        assertThat(push.subscription("news").orElseThrow().state()).isEqualTo(PushSubscriptions.State.REQUESTED);

        // Accepted (202) but never verified: failed after five minutes, the source polled every 30 s all along.
        Instant requested = push.subscription("news").orElseThrow().requestedAt();
        timer.advance(Duration.between(timer.clock().instant(), requested.plus(Duration.ofMinutes(5)).plusSeconds(31)));
        assertThat(push.subscription("news").orElseThrow().state()).isEqualTo(PushSubscriptions.State.FAILED);
        assertThat(push.subscription("news").orElseThrow().error()).contains("did not verify");
        assertThat(polls.stream().filter(p -> p.due().isAfter(requested.plus(Duration.ofMinutes(5))))).as("polled meanwhile").isNotEmpty();
        assertThat(push.pushed("news")).isFalse();
    }

    @Test
    void aLeaseIsRenewedAt80PercentWithANewCallbackAndADeletedSourceIsUnsubscribed() {
        scheduler.upsert(fixed());
        timer.advance(Duration.ofSeconds(30));
        PushSubscriptions.Subscription first = push.subscription("news").orElseThrow();
        push.verified("news", first.generation(), Duration.ofHours(1));

        timer.advance(Duration.ofMinutes(50));

        List<FetchRequest> asked = hubRequests();
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).form().get("hub.callback")).isNotEqualTo(asked.get(0).form().get("hub.callback"));
        assertThat(push.subscription("news").orElseThrow().generation()).isGreaterThan(first.generation());

        String callback = asked.get(1).form().get("hub.callback");
        scheduler.delete("news");
        assertThat(hubRequests()).hasSize(3);
        assertThat(hubRequests().get(2).form()).containsEntry("hub.mode", "unsubscribe").containsEntry("hub.topic", SELF)
                .containsEntry("hub.callback", callback);
    }

    @Test
    void aHubWhoseNotificationsBringFewerNewItemsThanTheBackupPollsIsDemotedToPolling() {
        subscribedAndVerified();

        // A story the hub told of: its poll counts for the hub.
        http.answerWithLinks(FEED, "b|Story b\na|Story a\n", "<" + HUB + ">; rel=\"hub\", <" + SELF + ">; rel=\"self\"");
        push.pinged("news");
        scheduler.pollNow("news", timer.clock().instant());
        timer.advance(Duration.ofSeconds(1));
        assertThat(push.subscription("news").orElseThrow().itemsPushed()).isEqualTo(1);

        // Then the hub goes silent: three stories found by backup polls, every ten minutes.
        String body = "b|Story b\na|Story a\n";
        for (String story : List.of("c", "d", "e")) {
            body = story + "|Story " + story + "\n" + body;
            http.answerWithLinks(FEED, body, "<" + HUB + ">; rel=\"hub\", <" + SELF + ">; rel=\"self\"");
            assertThat(push.pushed("news")).isTrue();
            timer.advance(BACKUP);
        }

        PushSubscriptions.Subscription demoted = push.subscription("news").orElseThrow();
        assertThat(demoted.state()).isEqualTo(PushSubscriptions.State.DEMOTED);
        assertThat(demoted.itemsPushed()).isEqualTo(1);
        assertThat(demoted.itemsPolled()).isEqualTo(3);
        assertThat(demoted.error()).contains("brought 1 of 4");
        assertThat(push.pushed("news")).isFalse();
        assertThat(statuses.last("news").push().state()).isEqualTo(PushSubscriptions.State.DEMOTED);
        // Polled at its own interval again.
        Instant demotedAt = timer.clock().instant();
        timer.advance(Duration.ofMinutes(2));
        assertThat(polls.stream().filter(p -> p.due().isAfter(demotedAt))).hasSizeBetween(3, 5);
    }

    @Test
    void aPollANotificationMadeThatFailsIsTriedAgainAfterItsBackoffNotTheBackupInterval() {
        subscribedAndVerified();

        http.refuse(FEED, 503, null);
        push.pinged("news");
        Instant pinged = timer.clock().instant();
        scheduler.pollNow("news", pinged);
        timer.advance(Duration.ofSeconds(1));

        assertThat(polls.get(polls.size() - 1).outcome()).isEqualTo(PollResult.Outcome.FAILED);
        // The test policy's first backoff: 10 s, with jitter.
        assertThat(scheduler.nextDue("news")).isBetween(pinged.plusSeconds(5), pinged.plusSeconds(11));
        http.answerWithLinks(FEED, "b|Story b\na|Story a\n", "<" + HUB + ">; rel=\"hub\", <" + SELF + ">; rel=\"self\"");
        timer.advance(Duration.ofSeconds(15));
        assertThat(sent).extracting(RawItem::getTitle).contains("Story b");
        assertThat(push.pushed("news")).isTrue();
    }

    @Test
    void theItemsOfAPollBegunBeforeTheHubVerifiedDoNotCountAgainstIt() {
        scheduler.upsert(fixed());
        timer.advance(Duration.ofSeconds(30));
        Instant firstPoll = polls.get(0).due();
        timer.advance(Duration.ofMillis(200));
        push.verified("news", push.subscription("news").orElseThrow().generation(), LEASE);

        // The poll that asked for the subscription tells its backlog only now: a hub may verify that fast.
        push.polled("news", firstPoll, 10);
        assertThat(push.subscription("news").orElseThrow().itemsPolled()).isZero();
        assertThat(push.subscription("news").orElseThrow().state()).isEqualTo(PushSubscriptions.State.ACTIVE);

        // A backup poll begun after the verification that finds an item first counts against the hub.
        timer.advance(Duration.ofSeconds(1));
        push.polled("news", timer.clock().instant(), 1);
        assertThat(push.subscription("news").orElseThrow().itemsPolled()).isEqualTo(1);
    }

    @Test
    void aMovedSourceGoesOnWithItsSubscriptionAndItsStateCarriesIt() {
        PushSubscriptions.Subscription active = new PushSubscriptions.Subscription(new Hub(URI.create(HUB), URI.create(SELF)), 42,
                PushSubscriptions.State.ACTIVE, T0.minusSeconds(600), T0.plus(LEASE), T0.plus(Duration.ofHours(19)), 0, null, 3, 0);
        FetchState previous = new FetchState(FEED, null, null, List.of(), 0, null, T0.minusSeconds(30), null, null, null, active);
        List<FetchState> told = new CopyOnWriteArrayList<>();
        scheduler.close();
        timer = new ManualTimer(T0);
        push = subscriptions(timer);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, new LineListExtractor()), new CollectingItemSink(sent), Runnable::run,
                polls::add, 1000, timer.clock(), new PollPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40), 30),
                (sourceId, state) -> told.add(state), 10, timer, statuses, SiteAllowance.NONE, push);

        scheduler.upsert(fixed(), previous);
        assertThat(push.pushed("news")).as("pushed from the start").isTrue();
        timer.advance(Duration.ofMinutes(30));

        assertThat(hubRequests()).as("no new subscription").isEmpty();
        assertThat(polls).hasSizeBetween(2, 4);
        assertThat(told).isNotEmpty();
        assertThat(told.get(told.size() - 1).push().generation()).isEqualTo(42);
    }

    private PushSubscriptions subscriptions(ManualTimer clockOf) {
        return new PushSubscriptions(new PushSettings(URI.create("https://miner.example"),
                "a key of sixteen or more".getBytes(StandardCharsets.UTF_8), LEASE, BACKUP), http, clockOf.clock());
    }

    private List<FetchRequest> hubRequests() {
        return http.requests().stream().filter(r -> r.url().toString().equals(HUB)).toList();
    }

    /** The fixed source polled once (which subscribes it), the hub's verification, half a minute more. */
    private void subscribedAndVerified() {
        scheduler.upsert(fixed());
        timer.advance(Duration.ofSeconds(30));
        push.verified("news", push.subscription("news").orElseThrow().generation(), LEASE);
        timer.advance(Duration.ofSeconds(30));
    }

    private static SourceTemplate fixed() {
        return new SourceTemplate("news", "news", URI.create(FEED), SourceKind.FEED, Duration.ofSeconds(30), true, List.of(), Map.of(), null,
                List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, null, null, false, null);
    }

    private static SourceTemplate adaptive() {
        return new SourceTemplate("news", "news", URI.create(FEED), SourceKind.FEED, Duration.ofSeconds(30), true, List.of(), Map.of(), null,
                List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, null, null, false,
                new FreshnessTarget(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(20), true));
    }
}
