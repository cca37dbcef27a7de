package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HackerNewsExtractorTest {

    private static final URI LIST = URI.create("https://hacker-news.firebaseio.com/v0/newstories.json");
    private static final SourceTemplate NEW_STORIES = Templates.parse("""
            {"url":"https://hacker-news.firebaseio.com/v0/newstories.json","kind":"hackernews","extract":{"limit":3}}""");

    private final HackerNewsExtractor extractor = new HackerNewsExtractor();

    @Test
    void turnsTheIdListIntoItemsToCompleteNewestFirstUpToTheLimit() throws Exception {
        Extraction extraction = extractor.read(NEW_STORIES, utf8("[43833829, 43833828, 43833827, 43833826]"), "application/json", LIST);

        assertThat(extraction.items()).containsExactly(
                new ExtractedItem("43833829", null, null, null, null, null, "https://hacker-news.firebaseio.com/v0/item/43833829.json"),
                new ExtractedItem("43833828", null, null, null, null, null, "https://hacker-news.firebaseio.com/v0/item/43833828.json"),
                new ExtractedItem("43833827", null, null, null, null, null, "https://hacker-news.firebaseio.com/v0/item/43833827.json"));
        assertThat(extraction.warnings()).containsExactly("4 ids listed; only the first 3 were read (extract.limit)");
        assertThat(extraction.items()).extracting(ExtractedItem::identity).containsExactly("43833829", "43833828", "43833827");
    }

    @Test
    void readsOneHundredIdsWithoutALimit() throws Exception {
        SourceTemplate top = Templates.parse("{\"url\":\"https://h/v0/topstories.json?print=pretty\",\"kind\":\"hackernews\"}");
        String ids = String.join(",", java.util.stream.IntStream.range(0, 500).mapToObj(Integer::toString).toList());

        List<ExtractedItem> items = extractor.extract(top, utf8("[" + ids + "]"), null, null);

        assertThat(items).hasSize(100);
        assertThat(items.get(99).detailUrl()).isEqualTo("https://h/v0/item/99.json");
    }

    @Test
    void completesAStoryFromItsItemJson() throws Exception {
        ExtractedItem listed = extractor.extract(NEW_STORIES, utf8("[8863]"), null, LIST).get(0);

        ExtractedItem story = extractor.complete(NEW_STORIES, listed, utf8("""
                {"by":"dhouston","descendants":71,"id":8863,"kids":[8952,9224],"score":111,"time":1175714200,
                 "title":"My YC app: Dropbox - Throw away your USB drive","type":"story","url":"http://www.getdropbox.com/u/2/screencast.html"}"""),
                "application/json", URI.create(listed.detailUrl()));

        assertThat(story).isEqualTo(new ExtractedItem("8863", "http://www.getdropbox.com/u/2/screencast.html",
                "My YC app: Dropbox - Throw away your USB drive", null, "dhouston", Instant.ofEpochSecond(1175714200), listed.detailUrl(),
                // The counts a reader of the items table wants beside the story: its detail fields.
                Map.of("score", "111", "descendants", "71", "type", "story")));
    }

    @Test
    void linksAskHnToItsDiscussionAndMakesItsTextPlain() throws Exception {
        ExtractedItem listed = extractor.extract(NEW_STORIES, utf8("[121003]"), null, LIST).get(0);

        ExtractedItem ask = extractor.complete(NEW_STORIES, listed, utf8("""
                {"by":"tel","id":121003,"score":25,"time":1203647620,"title":"Ask HN: The Arc Effect","type":"story",
                 "text":"<i>or</i> HN: the Next Iteration<p>I get the impression &#x27;it&#x27; works"}"""), null, null);

        assertThat(ask.url()).isEqualTo("https://news.ycombinator.com/item?id=121003");
        assertThat(ask.title()).isEqualTo("Ask HN: The Arc Effect");
        assertThat(ask.summary()).isEqualTo("or HN: the Next Iteration I get the impression 'it' works");
        assertThat(ask.author()).isEqualTo("tel");
    }

    @Test
    void dropsDeletedDeadAndUnknownItems() throws Exception {
        ExtractedItem listed = extractor.extract(NEW_STORIES, utf8("[1]"), null, LIST).get(0);

        assertThat(extractor.complete(NEW_STORIES, listed, utf8("{\"deleted\":true,\"id\":1,\"time\":1203647620,\"type\":\"story\"}"), null, null)).isNull();
        assertThat(extractor.complete(NEW_STORIES, listed, utf8("{\"dead\":true,\"id\":1,\"title\":\"spam\",\"type\":\"story\"}"), null, null)).isNull();
        assertThat(extractor.complete(NEW_STORIES, listed, utf8("null"), null, null)).isNull();
    }

    @Test
    void refusesWhatIsNotAnIdListAndSkipsWhatIsNotAnId() throws Exception {
        assertThatThrownBy(() -> extractor.extract(NEW_STORIES, utf8("{\"ids\":[1]}"), null, LIST))
                .isInstanceOf(ExtractionException.class).hasMessageContaining("not a Hacker News id list");

        Extraction mixed = extractor.read(NEW_STORIES, utf8("[1, \"x\", {\"id\":2}, \"3\"]"), null, LIST);
        assertThat(mixed.items()).extracting(ExtractedItem::sourceItemId).containsExactly("1", "3");
        assertThat(mixed.warnings()).containsExactly("2 list values other than item ids skipped, e.g. '\"x\"'");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
