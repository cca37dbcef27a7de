package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonExtractorTest {

    private static final URI API = URI.create("https://forum.example/api/latest.json");
    private static final SourceTemplate LATEST = Templates.parse("""
            {"url":"https://forum.example/api/latest.json","kind":"json","extract":{"items":"$.topics[*]","fields":{
               "id":"id","title":"title","link":"$.links.self","author":"user.name","published":"created","summary":"excerpt"}}}""");

    private final JsonExtractor extractor = new JsonExtractor();

    @Test
    void readsFieldsByJsonPathRelativeToEachItem() throws Exception {
        Extraction extraction = extractor.read(LATEST, utf8("""
                {"topics":[
                  {"id":17,"title":"  Release &amp; notes  ","links":{"self":"/t/17"},"user":{"name":"ann"},
                   "created":"2025-04-29T18:31:03Z","excerpt":"<p>New <b>release</b></p>"},
                  {"id":"a-18","title":"Second","links":{"self":"https://elsewhere.example/18"},"created":1745951463},
                  {"id":19,"title":"Third","created":1745951463123}
                ]}"""), "application/json", API);

        assertThat(extraction.warnings()).isEmpty();
        assertThat(extraction.items()).containsExactly(
                new ExtractedItem("17", "https://forum.example/t/17", "Release & notes", "New release", "ann", Instant.parse("2025-04-29T18:31:03Z")),
                new ExtractedItem("a-18", "https://elsewhere.example/18", "Second", null, null, Instant.parse("2025-04-29T18:31:03Z")),
                new ExtractedItem("19", null, "Third", null, null, Instant.parse("2025-04-29T18:31:03.123Z")));
    }

    /** One value no field can hold fails neither the item nor its neighbours: it is left out with a warning. */
    @Test
    void aNumberOutOfRangeIsLeftOutWithAWarningAndEverythingElseGoesThrough() throws Exception {
        Extraction extraction = extractor.read(LATEST, utf8("""
                {"topics":[
                  {"id":1e999999,"title":"Infinite id","links":{"self":"/t/1"},"created":"+999999999-01-01T00:00:00Z"},
                  {"id":2,"title":"Fine","created":"2025-04-29T18:31:03Z"}
                ]}"""), "application/json", API);

        assertThat(extraction.items()).containsExactly(
                new ExtractedItem("https://forum.example/t/1", "https://forum.example/t/1", "Infinite id", null, null, null),
                new ExtractedItem("2", null, "Fine", null, null, Instant.parse("2025-04-29T18:31:03Z")));
        assertThat(extraction.warnings()).containsExactlyInAnyOrder(
                "1 id value out of range (not a finite number) left out, e.g. 'Infinity'",
                "1 published value not readable as dates, e.g. '+999999999-01-01T00:00:00Z'");
    }

    @Test
    void takesAnItemsPathToAnArrayOrToASingleObject() throws Exception {
        SourceTemplate arrayItself = Templates.parse("""
                {"url":"https://h/api","kind":"json","extract":{"items":"$.data","fields":{"title":"t"}}}""");
        SourceTemplate oneObject = Templates.parse("""
                {"url":"https://h/api","kind":"json","extract":{"items":"$","fields":{"title":"t","published":"ts"}}}""");

        assertThat(extractor.extract(arrayItself, utf8("{\"data\":[{\"t\":\"a\"},{\"t\":\"b\"}]}"), null, null))
                .extracting(ExtractedItem::title).containsExactly("a", "b");
        assertThat(extractor.extract(oneObject, utf8("{\"t\":\"only\",\"ts\":1.5950679670E9}"), null, null))
                .containsExactly(new ExtractedItem(null, null, "only", null, null, Instant.parse("2020-07-18T10:26:07Z")));
    }

    @Test
    void filtersItemsWithJsonPathExpressionsAndTakesTheFirstOfSeveralValues() throws Exception {
        SourceTemplate stories = Templates.parse("""
                {"url":"https://h/api","kind":"json","extract":{"items":"$.children[?(@.kind == 't3')].data",
                 "fields":{"title":"title","author":"$.authors[*].name"}}}""");

        assertThat(extractor.extract(stories, utf8("""
                {"children":[{"kind":"t3","data":{"title":"post","authors":[{"name":"x"},{"name":"y"}]}},
                             {"kind":"t1","data":{"title":"comment"}}]}"""), null, null))
                .containsExactly(new ExtractedItem(null, null, "post", null, "x", null));
    }

    @Test
    void warnsAboutMissingItemsSkippedItemsAndTheLimit() throws Exception {
        SourceTemplate two = Templates.parse("""
                {"url":"https://h/api","kind":"json","extract":{"items":"$.items[*]","limit":2,"fields":{"title":"t","published":"d"}}}""");

        Extraction missing = extractor.read(two, utf8("{\"results\":[]}"), null, null);
        assertThat(missing.items()).isEmpty();
        assertThat(missing.warnings()).containsExactly("the items path '$.items[*]' found nothing");

        Extraction limited = extractor.read(two, utf8("{\"items\":[{\"x\":1},{\"t\":\"b\",\"d\":\"soon\"},{\"t\":\"c\"}]}"), null, null);
        assertThat(limited.items()).extracting(ExtractedItem::title).containsExactly("b");
        assertThat(limited.warnings()).containsExactly(
                "3 items found; only the first 2 were read (extract.limit)",
                "1 item without title, link or id skipped",
                "1 published value not readable as dates, e.g. 'soon'");
    }

    @Test
    void refusesDocumentsThatAreNotJson() {
        assertThatThrownBy(() -> extractor.extract(LATEST, utf8("<html>"), "text/html", API))
                .isInstanceOf(ExtractionException.class).hasMessageStartingWith("not a readable JSON document");
        assertThatThrownBy(() -> extractor.extract(LATEST, new byte[0], null, API)).isInstanceOf(ExtractionException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
