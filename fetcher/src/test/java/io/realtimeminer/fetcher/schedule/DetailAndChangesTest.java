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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Detail completion of new items, and emit mode {@code changes}, on a fake fetcher. */
class DetailAndChangesTest {

    private static final String LIST = "https://news.example/list";
    private static final String DETAIL = "https://api.example/item/";

    private final FakePageFetcher http = new FakePageFetcher();
    private final LineListExtractor extractor = new LineListExtractor();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final ExecutorService parsePool = Executors.newFixedThreadPool(2);
    private final PollScheduler scheduler = new PollScheduler(http, Map.of(SourceKind.JSON, extractor), new CollectingItemSink(sent),
            parsePool, polls::add, 100, Clock.systemUTC(), new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(100), 2));

    @AfterEach
    void stop() {
        scheduler.close();
        parsePool.shutdownNow();
    }

    @Test
    void newItemsAreCompletedOnceAndDeadOnesDroppedSilently() {
        http.answer(LIST, 200, "a|A listed|" + DETAIL + "a\nb|B listed|" + DETAIL + "b\nc|C complete\n", null)
                .answer(DETAIL + "a", 200, "title:A in full", null)
                .answer(DETAIL + "b", 200, "dead", null);
        scheduler.upsert(template(EmitMode.NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> polls.size() >= 4);
        assertThat(sent).extracting(RawItem::getTitle).containsExactlyInAnyOrder("A in full", "C complete");
        assertThat(polls.get(0)).satisfies(p -> {
            assertThat(p.itemsNew()).isEqualTo(2);
            assertThat(p.detailsFetched()).isEqualTo(2);
            assertThat(p.itemsDropped()).isEqualTo(1);
            assertThat(p.detailsFailed()).isZero();
        });
        // Later polls find every item seen: no detail fetch, no completion.
        assertThat(http.requestsFor(DETAIL + "a")).isEqualTo(1);
        assertThat(http.requestsFor(DETAIL + "b")).isEqualTo(1);
        assertThat(extractor.completions()).isEqualTo(2);
    }

    @Test
    void anItemWhoseDetailFetchFailedIsSentAtALaterPoll() {
        http.answer(LIST, 200, "x|X listed|" + DETAIL + "x\ny|Y complete\n", "\"v1\"")
                .answer(DETAIL + "x", 503, "", null);
        scheduler.upsert(template(EmitMode.NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> polls.size() >= 2);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("Y complete");
        assertThat(polls.get(0).detailsFailed()).isEqualTo(1);
        assertThat(polls.get(0).outcome()).isEqualTo(PollResult.Outcome.ITEMS);
        assertThat(polls.get(0).error()).isEqualTo("1 item(s) held back for the next poll, detail fetch failed: detail " + DETAIL + "x: HTTP 503");
        // The list's ETag was not kept, or a 304 would hide the held-back item.
        assertThat(http.requests()).filteredOn(r -> r.url().toString().equals(LIST)).allSatisfy(r -> assertThat(r.etag()).isNull());

        http.answer(DETAIL + "x", 200, "title:X in full", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 2);
        assertThat(sent.get(1).getTitle()).isEqualTo("X in full");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.requests().stream().anyMatch(r -> "\"v1\"".equals(r.etag())));
    }

    @Test
    void atMostTheLimitOfDetailsIsFetchedPerPoll() {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            list.append("n").append(i).append("|N").append(i).append('|').append(DETAIL).append("n").append(i).append('\n');
            http.answer(DETAIL + "n" + i, 200, "title:N" + i + " in full", null);
        }
        http.answer(LIST, 200, list.toString(), null);
        scheduler.upsert(template(EmitMode.NEW));

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 5);
        assertThat(polls.get(0).detailsFetched()).isEqualTo(2);
        assertThat(polls.get(1).detailsFetched()).isEqualTo(2);
        assertThat(polls.get(2).detailsFetched()).isEqualTo(1);
        assertThat(sent).extracting(RawItem::getTitle).containsExactly("N1 in full", "N2 in full", "N3 in full", "N4 in full", "N5 in full");
    }

    @Test
    void inChangesModeAnEditedItemIsSentAgainUnderItsId() {
        http.answer(LIST, 200, "e|First title\n", null);
        scheduler.upsert(template(EmitMode.CHANGES));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);

        http.answer(LIST, 200, "e|Corrected title\n", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 2);
        int pollsNow = polls.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.size() >= pollsNow + 3);

        assertThat(sent).extracting(RawItem::getTitle).containsExactly("First title", "Corrected title");
        assertThat(sent.get(1).getItemId()).isEqualTo(sent.get(0).getItemId());
        assertThat(polls).filteredOn(p -> p.itemsChanged() == 1).hasSize(1);
    }

    @Test
    void inNewModeAnEditedItemIsNotSentAgain() {
        http.answer(LIST, 200, "e|First title\n", null);
        scheduler.upsert(template(EmitMode.NEW));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);

        http.answer(LIST, 200, "e|Corrected title\n", null);
        int pollsNow = polls.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.size() >= pollsNow + 3);

        assertThat(sent).extracting(RawItem::getTitle).containsExactly("First title");
    }

    @Test
    void detailFieldsAndTheWishForPageDetailsTravelWithTheItem() {
        http.answer(LIST, 200, "a|A listed|" + DETAIL + "a\n", null)
                .answer(DETAIL + "a", 200, "title:A in full\nscore:42\ncomments:7", null);
        scheduler.upsert(template(EmitMode.NEW));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
        assertThat(sent.get(0).getDetailFields()).containsExactlyInAnyOrderEntriesOf(Map.of("score", "42", "comments", "7"));
        assertThat(sent.get(0).getPageDetails()).isTrue();

        scheduler.remove("src");
        sent.clear();
        http.answer(LIST, 200, "b|B complete\n", null);
        scheduler.upsert(new SourceTemplate("quiet", "quiet", URI.create(LIST), SourceKind.JSON, Duration.ofMillis(100), true, List.of(),
                Map.of(), null, null, EmitMode.NEW, null, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
        assertThat(sent.get(0).getPageDetails()).isFalse();
        assertThat(sent.get(0).getDetailFields()).isEmpty();
    }

    private static SourceTemplate template(EmitMode emit) {
        return new SourceTemplate("src", "src", URI.create(LIST), SourceKind.JSON, Duration.ofMillis(100), true, List.of(), Map.of(),
                null, null, emit, null, null);
    }
}
