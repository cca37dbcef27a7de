package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.CollectingItemSink;
import io.realtimeminer.fetcher.extract.FeedExtractor;
import io.realtimeminer.fetcher.extract.HtmlExtractor;
import io.realtimeminer.fetcher.parse.BudgetedParsePool;
import io.realtimeminer.template.EmitMode;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.FieldRule;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source whose selector regex backtracks catastrophically on its page (a template that reached
 * the fetcher without the parser's check, e.g. from an older version) fails each poll with the
 * budget's reason and backs off, while a well-behaved source on the same single parse thread
 * keeps delivering.
 */
class HostileDocumentPollTest {

    private final List<PollResult> polls = new CopyOnWriteArrayList<>();
    private final List<RawItem> sent = new CopyOnWriteArrayList<>();
    private final BudgetedParsePool parsePool = new BudgetedParsePool(1, Duration.ofMillis(300), 2, (component, error) -> { });
    /** With the default budget: reading 20,000 items takes longer than the hostile test's 300 ms. */
    private final BudgetedParsePool roomyPool = new BudgetedParsePool(1, Duration.ofSeconds(5), 2, (component, error) -> { });
    private PollScheduler scheduler;

    @AfterEach
    void stop() {
        scheduler.close();
        parsePool.close();
        roomyPool.close();
    }

    @Test
    void aCatastrophicSelectorFailsItsOwnPollsAndHoldsNoParseThread() {
        FakePageFetcher http = new FakePageFetcher()
                .answer("http://hostile.example/", 200, "<ul><li>" + "a".repeat(40) + "!</li></ul>", null)
                .answer("http://good.example/", 200, "<ul><li><a href=\"/1\">One</a></li></ul>", null);
        scheduler = new PollScheduler(http, Map.of(SourceKind.HTML, new HtmlExtractor()), new CollectingItemSink(sent), parsePool, polls::add, 100,
                Clock.systemUTC(), new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 30));

        scheduler.upsert(html("hostile", "li:matches(^(a{1,30}){1,30}$)"));
        scheduler.upsert(html("good", "li"));

        await().atMost(Duration.ofSeconds(20)).until(() -> polls.stream().filter(p -> p.sourceId().equals("hostile")).count() >= 2
                && polls.stream().filter(p -> p.sourceId().equals("good")).count() >= 3);
        assertThat(polls).filteredOn(p -> p.sourceId().equals("hostile")).allSatisfy(p -> {
            assertThat(p.outcome()).isEqualTo(PollResult.Outcome.FAILED);
            assertThat(p.error()).startsWith("reading the document took longer than 300 ms (parse.budget.ms)");
        });
        assertThat(polls).filteredOn(p -> p.sourceId().equals("good")).allSatisfy(p -> assertThat(p.outcome()).isNotEqualTo(PollResult.Outcome.FAILED));
        assertThat(sent).extracting(RawItem::getSourceId).containsOnly("good");
        assertThat(parsePool.stuckThreads()).isZero();
    }

    /** A feed listing 20,000 items sends its newest 100 once, and none of them again at later polls. */
    @Test
    void aFeedListingTensOfThousandsOfItemsSendsEachOnce() {
        StringBuilder feed = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title><link>http://x/</link><description>d</description>");
        for (int i = 0; i < 20_000; i++) {
            feed.append("<item><title>Item ").append(i).append("</title><link>http://huge.example/").append(i).append("</link></item>");
        }
        FakePageFetcher http = new FakePageFetcher().answer("http://huge.example/", 200, feed.append("</channel></rss>").toString(), null);
        scheduler = new PollScheduler(http, Map.of(SourceKind.FEED, new FeedExtractor()), new CollectingItemSink(sent), roomyPool,
                // No parse-share hold (PollSchedulerTest's subject): this one polls as often as it can.
                polls::add, 5_000, Clock.systemUTC(), new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 30,
                PollPolicy.DEFAULT_TAKEOVER_CATCH_UP, 0));

        scheduler.upsert(new SourceTemplate("huge", "huge", URI.create("http://huge.example/"), SourceKind.FEED, Duration.ofMillis(300),
                true, List.of(), Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> polls.size() >= 3);
        assertThat(polls).allSatisfy(p -> assertThat(p.outcome()).isNotEqualTo(PollResult.Outcome.FAILED));
        assertThat(sent).hasSize(ExtractionRules.DEFAULT_LIMIT);
        assertThat(polls.get(0).itemsNew()).isEqualTo(ExtractionRules.DEFAULT_LIMIT);
        assertThat(polls.subList(1, polls.size())).allSatisfy(p -> assertThat(p.itemsNew()).isZero());
    }

    private static SourceTemplate html(String id, String items) {
        ExtractionRules rules = new ExtractionRules(items, Map.of(FieldRule.TITLE, new FieldRule("", null, null)), 50);
        return new SourceTemplate(id, id, URI.create("http://" + id + ".example/"), SourceKind.HTML, Duration.ofMillis(500), true,
                List.of(), Map.of(), null, List.of(SourceTemplate.DEFAULT_POOL), EmitMode.NEW, rules, null, false);
    }
}
