package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code detail} step: the listed item completed from its own page, in the step's document kind. */
class DetailCompletionTest {

    @Test
    void completesAListedItemFromItsHtmlPage() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://news.example/","kind":"html","extract":{"items":"li","fields":{"title":"a","link":"a"}},
                 "detail":{"kind":"html","fields":{"title":"h1","summary":"article p","author":"meta[name=author]@content",
                   "published":{"select":"time","format":"dd.MM.yyyy"}}}}""");
        HtmlExtractor extractor = new HtmlExtractor();
        ExtractedItem listed = extractor.extract(template, utf8("<li><a href='/story/1'>Short title</a></li>"), null, URI.create("https://news.example/")).get(0);

        ExtractedItem complete = extractor.complete(template, listed, utf8("""
                <html><head><meta name="author" content="Ann"></head><body><h1>The full title</h1>
                <article><p>First paragraph.</p><p>Second.</p></article><time>29.04.2025</time></body></html>"""),
                "text/html", URI.create(listed.detailUrl()));

        assertThat(listed.detailUrl()).isEqualTo("https://news.example/story/1");
        assertThat(complete).isEqualTo(new ExtractedItem("https://news.example/story/1", "https://news.example/story/1", "The full title",
                "First paragraph.", "Ann", Instant.parse("2025-04-29T00:00:00Z"), "https://news.example/story/1"));
    }

    @Test
    void completesAListedItemFromAJsonApiKeepingWhatTheApiLacks() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://forum.example/latest.json","kind":"json","extract":{"items":"$.topics[*]","fields":{"id":"id","title":"title"}},
                 "detail":{"kind":"json","url":"/t/{id}.json","fields":{"summary":"$.post_stream.posts[0].cooked","author":"$.details.created_by.username"}}}""");
        JsonExtractor extractor = new JsonExtractor();
        ExtractedItem listed = extractor.extract(template, utf8("{\"topics\":[{\"id\":42,\"title\":\"Topic\"}]}"), null, template.url()).get(0);

        ExtractedItem complete = extractor.complete(template, listed, utf8("""
                {"post_stream":{"posts":[{"cooked":"<p>Hello <em>all</em></p>"}]},"details":{"created_by":{"username":"bob"}}}"""),
                "application/json", URI.create(listed.detailUrl()));

        assertThat(listed.detailUrl()).isEqualTo("https://forum.example/t/42.json");
        assertThat(complete.sourceItemId()).isEqualTo("42");
        assertThat(complete.title()).isEqualTo("Topic");
        assertThat(complete.summary()).isEqualTo("Hello all");
        assertThat(complete.author()).isEqualTo("bob");
    }

    @Test
    void fieldsADetailStepNamesBesidesTheItemsOwnBecomeItsDetailFields() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://forum.example/latest.json","kind":"json","extract":{"items":"$.topics[*]","fields":{"id":"id","title":"title"}},
                 "detail":{"kind":"json","url":"/t/{id}.json","fields":{"author":"$.by","score":"$.score","replies":"$.kids.length()",
                   "tag":"$.tags[*]","missing":"$.nothing"}}}""");
        JsonExtractor extractor = new JsonExtractor();
        ExtractedItem listed = extractor.extract(template, utf8("{\"topics\":[{\"id\":42,\"title\":\"Topic\"}]}"), null, template.url()).get(0);

        ExtractedItem complete = extractor.complete(template, listed, utf8("""
                {"by":"ann","score":17,"kids":[1,2,3],"tags":["<b>java</b>","kafka"]}"""), "application/json", URI.create(listed.detailUrl()));

        assertThat(complete.author()).isEqualTo("ann");
        assertThat(complete.fields()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("score", "17", "replies", "3", "tag", "java"));
    }

    @Test
    void leavesItemsOfTemplatesWithoutADetailStepAsTheyAre() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://news.example/","kind":"html","extract":{"items":"li","fields":{"title":"a"}}}""");
        ExtractedItem item = new ExtractedItem(null, null, "t", null, null, null);

        assertThat(new HtmlExtractor().complete(template, item, utf8("<h1>x</h1>"), null, null)).isSameAs(item);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
