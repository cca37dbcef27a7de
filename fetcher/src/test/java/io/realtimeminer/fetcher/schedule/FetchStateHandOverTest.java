package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source's fetch state goes from one owner to the next: the next owner asks conditionally and
 * sends nothing the previous one sent; a poll that changes nothing hands nothing over.
 */
class FetchStateHandOverTest {

    private static final String LIST = "https://news.example/list";
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private final FakePageFetcher http = new FakePageFetcher();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final ExecutorService parsePool = Executors.newFixedThreadPool(2);
    private final List<PollScheduler> schedulers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        schedulers.forEach(PollScheduler::close);
        parsePool.shutdownNow();
    }

    @Test
    void theNextOwnerAsksConditionallyAndSendsOnlyWhatIsNew() throws InterruptedException {
        List<FetchState> handedOver = new CopyOnWriteArrayList<>();
        List<PollResult> firstOwnerPolls = new CopyOnWriteArrayList<>();
        PollScheduler first = scheduler(firstOwnerPolls, (id, state) -> handedOver.add(state));
        http.answer(LIST, 200, "a|A\nb|B\n", "\"v1\"");
        first.upsert(template(LIST));
        await().atMost(Duration.ofSeconds(10)).until(() -> firstOwnerPolls.size() >= 3);
        assertThat(first.removeAll(List.of("src"), Duration.ofSeconds(5))).isTrue();
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("A", "B");
        assertThat(handedOver).as("the change of the first poll, then the last poll time at the release").hasSize(2);
        assertThat(handedOver.get(0).lastPolledAt()).isBefore(handedOver.get(1).lastPolledAt());
        FetchState last = handedOver.get(1);
        assertThat(last.etag()).isEqualTo("\"v1\"");
        assertThat(last.seen()).extracting(FetchState.Seen::itemId).hasSize(2);
        PollResult lastPoll = firstOwnerPolls.get(firstOwnerPolls.size() - 1);
        assertThat(last.lastPolledAt()).as("the last poll's end").isAfterOrEqualTo(lastPoll.due());
        assertThat(TakeoverPoll.due("src", Duration.ofMinutes(1), last, null, lastPoll.due().plusMillis(1), Duration.ofMinutes(1)))
                .as("a turn the previous owner polled is not caught up").isNull();

        int requestsBefore = http.requests().size();
        List<PollResult> nextOwnerPolls = new CopyOnWriteArrayList<>();
        PollScheduler next = scheduler(nextOwnerPolls, (id, state) -> handedOver.add(state));
        next.upsert(template(LIST), last);
        await().atMost(Duration.ofSeconds(10)).until(() -> nextOwnerPolls.size() >= 1);
        assertThat(http.requests().get(requestsBefore).etag()).as("the next owner's first request").isEqualTo("\"v1\"");
        assertThat(nextOwnerPolls.get(0).outcome()).isEqualTo(PollResult.Outcome.NOT_MODIFIED);

        http.answer(LIST, 200, "a|A\nb|B\nc|C\n", "\"v2\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= 3);
        int pollsNow = nextOwnerPolls.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> nextOwnerPolls.size() >= pollsNow + 2);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("A", "B", "C");
        assertThat(handedOver).hasSize(3);
        assertThat(handedOver.get(2).etag()).isEqualTo("\"v2\"");
    }

    @Test
    void aSourceWhoseOwnerDiedBeforeItsTurnIsPolledAtOnceNotAtItsNextTurn() {
        http.answer(LIST, 200, "a|A\n", "\"v1\"");
        Duration minute = Duration.ofMinutes(1);
        Instant diedAt = Instant.now().minus(minute);
        FetchState previous = new FetchState(LIST, "\"v1\"", null, List.of(), 0, null, diedAt);
        List<PollResult> polls = new CopyOnWriteArrayList<>();
        PollScheduler next = scheduler(polls, (id, state) -> { },
                new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 2, minute));
        next.upsert(template(LIST, minute), previous);
        await().atMost(TakeoverPoll.SPREAD.plusSeconds(3)).until(() -> !polls.isEmpty());
        assertThat(http.requests().get(0).etag()).as("the catch-up request is conditional").isEqualTo("\"v1\"");
        await().atMost(Duration.ofSeconds(2)).until(() -> next.nextDue("src") != null);
        Instant nextTurn = next.nextDue("src");
        assertThat(nextTurn).as("then back on the source's own turns").isAfter(Instant.now())
                .isEqualTo(PollScheduler.nextTurn("src", minute, nextTurn.minusMillis(1)));
    }

    @Test
    void aPollThatChangesNothingHandsNothingOver() {
        SourceState state = new SourceState(template(LIST), 100);
        assertThat(state.changedState(10, NOW)).as("a new source with nothing known").isNotNull();
        assertThat(state.changedState(10, NOW.plusSeconds(60))).as("only the poll time moved").isNull();

        state.validators("\"v1\"", null);
        assertThat(state.changedState(10, NOW)).extracting(FetchState::etag).isEqualTo("\"v1\"");
        state.seen().add("src:01", 1L);
        assertThat(state.changedState(10, NOW)).extracting(s -> s.seen().size()).isEqualTo(1);
        state.recordOutcome(true);
        state.notBefore(NOW.plusSeconds(30));
        assertThat(state.changedState(10, NOW)).satisfies(s -> {
            assertThat(s.failures()).isEqualTo(1);
            assertThat(s.notBefore()).isEqualTo(NOW.plusSeconds(30));
        });
        assertThat(state.changedState(10, NOW)).isNull();
    }

    @Test
    void aHandedOverStateHoldsTheMostRecentlySentItemsOldestFirst() {
        SourceState state = new SourceState(template(LIST), 100);
        for (int i = 1; i <= 5; i++) {
            state.seen().add("src:0" + i, i);
        }
        assertThat(state.changedState(3, NOW).seen()).extracting(FetchState.Seen::itemId)
                .containsExactly("src:03", "src:04", "src:05");
    }

    @Test
    void takingOverKeepsItemsFailuresAndARunningBackoffButValidatorsOnlyForTheSameUrl() {
        FetchState previous = new FetchState(LIST, "\"v1\"", "Fri, 01 May 2026 11:00:00 GMT",
                List.of(new FetchState.Seen("src:01", 11L)), 3, NOW.plusSeconds(90), NOW.minusSeconds(5));

        SourceState same = new SourceState(template(LIST), 100);
        same.restore(previous, NOW);
        assertThat(same.etag()).isEqualTo("\"v1\"");
        assertThat(same.lastModified()).isEqualTo("Fri, 01 May 2026 11:00:00 GMT");
        assertThat(same.seen().fingerprint("src:01")).isEqualTo(11L);
        assertThat(same.consecutiveFailures()).isEqualTo(3);
        assertThat(same.notBefore()).isEqualTo(NOW.plusSeconds(90));
        assertThat(same.changedState(10, NOW)).as("nothing new to hand over after taking over").isNull();

        SourceState moved = new SourceState(template("https://news.example/new-list"), 100);
        moved.restore(previous, NOW.plusSeconds(120));
        assertThat(moved.etag()).isNull();
        assertThat(moved.lastModified()).isNull();
        assertThat(moved.seen().fingerprint("src:01")).isEqualTo(11L);
        assertThat(moved.notBefore()).as("a backoff that ran out").isNull();
    }

    private PollScheduler scheduler(List<PollResult> polls, FetchStateListener states) {
        return scheduler(polls, states, new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 2));
    }

    private PollScheduler scheduler(List<PollResult> polls, FetchStateListener states, PollPolicy policy) {
        PollScheduler scheduler = new PollScheduler(http, Map.of(SourceKind.JSON, new LineListExtractor()), new CollectingItemSink(sent),
                parsePool, polls::add, 100, Clock.systemUTC(), policy, states, 50);
        schedulers.add(scheduler);
        return scheduler;
    }

    private static SourceTemplate template(String url) {
        return template(url, Duration.ofMillis(100));
    }

    private static SourceTemplate template(String url, Duration interval) {
        return new SourceTemplate("src", "src", URI.create(url), SourceKind.JSON, interval, true, List.of(), Map.of(),
                null, null, EmitMode.NEW, null, null);
    }
}
