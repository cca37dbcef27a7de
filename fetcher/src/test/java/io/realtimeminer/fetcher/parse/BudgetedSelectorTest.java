package io.realtimeminer.fetcher.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetedSelectorTest {

    private static final String PAGE = """
            <html><body>
            <ul class="news">
              <li class="item" data-kind="live-2"><a href="/a">Breaking: <b>storm</b> ahead</a></li>
              <li class="item" data-kind="story"><a href="/b">Quiet day</a> 2026-12-01</li>
              <li class="item"><a href="https://other.example/c">Live: <i>vote</i></a></li>
            </ul>
            <p>Breaking   news
            in whole text</p>
            </body></html>""";

    private BudgetedParsePool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    /** Each regex test selects exactly what Jsoup itself selects, and leaves no marker behind. */
    @ParameterizedTest
    @ValueSource(strings = {"li:matches(^Breaking)", "li.item:matchesOwn(\\d{4}-\\d{2})", "p:matchesWholeText(Breaking\\s{3}news)",
            "a:matchesWholeOwnText(^Quiet)", "li[data-kind~=^live-\\d]", "li:not(:matches(storm)) > a", "ul:has(li:matches(vote))",
            "li:matches((?i)breaking), li:matches(Live)", ":matches(storm)", "li.item:matchesOwn(^$) a[href~=^https]"})
    void selectsWhatJsoupSelects(String query) {
        Document page = Jsoup.parse(PAGE, "https://news.example/");
        String before = page.outerHtml();

        assertThat(BudgetedSelector.select(page, query)).as(query).containsExactlyElementsOf(page.select(query));
        Element first = page.selectFirst(query);
        assertThat(BudgetedSelector.selectFirst(page, query)).isSameAs(first);
        assertThat(page.outerHtml()).isEqualTo(before);
    }

    @Test
    void aCatastrophicRegexIsStoppedByTheBudget() {
        pool = new BudgetedParsePool(1, Duration.ofMillis(300), 2, (component, error) -> { });
        Document page = Jsoup.parse("<ul><li>" + "a".repeat(40) + "!</li></ul>");
        long start = System.nanoTime();

        CompletableFuture<Integer> hostile = CompletableFuture.supplyAsync(
                () -> BudgetedSelector.select(page, "li:matches(^(a{1,30}){1,30}$)").size(), pool);

        assertThat(hostile).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
                .isInstanceOf(ParseBudgetExceededException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(pool.stuckThreads()).isZero();
        assertThat(CompletableFuture.supplyAsync(() -> BudgetedSelector.select(page, "li:matches(!$)").size(), pool))
                .succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(1);
    }
}
