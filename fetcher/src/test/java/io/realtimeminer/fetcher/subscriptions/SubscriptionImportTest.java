package io.realtimeminer.fetcher.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.fetcher.subscriptions.ImportResult.Action;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What an import adds, updates, skips and refuses, without fetching (the addresses taken as feeds). */
class SubscriptionImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TemplateParser PARSER = new TemplateParser();

    @Test
    void eachFeedIsAddedUpdatedSkippedOrRefusedWithWhy() throws Exception {
        String hn = "{\"url\":\"https://hnrss.org/frontpage\",\"kind\":\"feed\",\"name\":\"HN\",\"interval\":\"PT30S\",\"tags\":[\"tech\"]}";
        String lwn = "{\"url\":\"https://lwn.net/headlines/rss\",\"kind\":\"feed\",\"name\":\"LWN.net\",\"tags\":[\"All\"]}";
        Map<String, SubscriptionImport.Existing> existing = Map.of(
                "hn", new SubscriptionImport.Existing(PARSER.parse("hn", hn), hn),
                "lwn", new SubscriptionImport.Existing(PARSER.parse("lwn", lwn), lwn));
        List<Subscription> list = List.of(
                new Subscription("Ars Technica", "https://feeds.arstechnica.com/arstechnica/index", null, List.of("All")),
                new Subscription("Hacker News: Front Page", "https://hnrss.org/frontpage", null, List.of("News")),
                new Subscription("LWN.net", "https://lwn.net/headlines/rss", null, List.of("All")),
                new Subscription("Ars again", "https://feeds.arstechnica.com/arstechnica/index", null, List.of()),
                new Subscription("Gopher", "gopher://old.example/feed", null, List.of()),
                new Subscription("Folder only", null, null, List.of()));

        List<ImportResult> results = new SubscriptionImport(PARSER, null, new SubscriptionImport.Options("PT5M", "eu"))
                .plan(list, existing);

        assertThat(results).extracting(ImportResult::action, ImportResult::sourceId).containsExactly(
                tuple(Action.ADDED, "feeds-arstechnica-com-arstechnica-index"),
                tuple(Action.UPDATED, "hn"),
                tuple(Action.SKIPPED, "lwn"),
                tuple(Action.SKIPPED, "feeds-arstechnica-com-arstechnica-index"),
                tuple(Action.REFUSED, null),
                tuple(Action.REFUSED, null));
        JsonNode added = JSON.readTree(results.get(0).template());
        assertThat(added.get("url").asText()).isEqualTo("https://feeds.arstechnica.com/arstechnica/index");
        assertThat(added.get("kind").asText()).isEqualTo("feed");
        assertThat(added.get("name").asText()).isEqualTo("Ars Technica");
        assertThat(added.get("tags")).extracting(JsonNode::asText).containsExactly("All");
        assertThat(added.get("interval").asText()).isEqualTo("PT5M");
        assertThat(added.get("pool").asText()).isEqualTo("eu");
        // An update takes the list's name and adds its folders; the source's own settings stay.
        JsonNode updated = JSON.readTree(results.get(1).template());
        assertThat(updated.get("name").asText()).isEqualTo("Hacker News: Front Page");
        assertThat(updated.get("tags")).extracting(JsonNode::asText).containsExactly("tech", "News");
        assertThat(updated.get("interval").asText()).isEqualTo("PT30S");
        assertThat(updated.has("pool")).isFalse();
        assertThat(results.get(2).reason()).isEqualTo("already followed as 'lwn', with this name and these tags");
        assertThat(results.get(3).reason()).isEqualTo("listed twice: the same feed as 'Ars Technica' above");
        assertThat(results.get(4).reason()).startsWith("its template would be invalid: $.url");
        assertThat(results.get(5).reason()).isEqualTo("the outline has no xmlUrl nor htmlUrl");
        assertThat(results).filteredOn(ImportResult::publishes).hasSize(2);
    }

    @Test
    void aBadDefaultIntervalIsRefusedForEverySourceWithTheViolation() {
        List<ImportResult> results = new SubscriptionImport(PARSER, null, new SubscriptionImport.Options("often", null))
                .plan(List.of(new Subscription("A", "https://a.example/feed", null, List.of())), Map.of());

        assertThat(results.get(0).action()).isEqualTo(Action.REFUSED);
        assertThat(results.get(0).reason()).contains("$.interval");
    }

    @Test
    void idsAreReadableAndUnique() {
        assertThat(SubscriptionImport.freeId("https://www.Example.com/blog/feed.xml", Set.of())).isEqualTo("example-com-blog-feed-xml");
        assertThat(SubscriptionImport.freeId("http://example.com/blog/feed-xml", Set.of("example-com-blog-feed-xml")))
                .matches("example-com-blog-feed-xml-[0-9a-f]{8}");
        assertThat(SubscriptionImport.freeId("https://x.example/" + "a".repeat(200), Set.of())).hasSize(80);
        assertThat(SubscriptionImport.freeId("https://例え.jp/", Set.of())).isEqualTo("jp");
    }
}
