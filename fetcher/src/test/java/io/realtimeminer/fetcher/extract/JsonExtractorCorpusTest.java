package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JSON document of the shared corpus, read with the JsonPath template a user would write for
 * its API (the manifest notes say which), yields the manifest's item count, first title and first link.
 */
class JsonExtractorCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonExtractor extractor = new JsonExtractor();

    @TestFactory
    Stream<DynamicTest> extractsEveryJsonDocumentOfTheCorpus() {
        if (Corpus.ifMissing() != null) {
            return Corpus.ifMissing();
        }
        List<Corpus.Document> documents = Corpus.documents("json");
        assertThat(documents).isNotEmpty();
        return documents.stream().map(doc -> DynamicTest.dynamicTest(doc.file(), () -> {
            SourceTemplate template = new TemplateParser().parse("corpus", """
                    {"url":"%s","kind":"json","extract":%s}""".formatted(doc.url(), extractRules(doc)));

            Extraction extraction = extractor.read(template, doc.bytes(), "application/json", doc.url());

            assertThat(extraction.items()).hasSize(doc.itemCount());
            assertThat(extraction.warnings()).isEmpty();
            ExtractedItem first = extraction.items().get(0);
            assertThat(first.title()).isEqualTo(doc.expectedTitle());
            assertThat(first.url()).isEqualTo(doc.expectedLink());
            assertThat(first.publishedAt()).isNotNull();
            assertThat(extraction.items()).allSatisfy(item -> assertThat(item.sourceItemId()).isNotBlank());
        }));
    }

    /** The {@code extract} member for the API the document comes from. */
    private static String extractRules(Corpus.Document doc) throws IOException {
        if (doc.notes().contains("hn-item")) {
            // One Hacker News item (GET /v0/item/<id>.json) is one item: the document itself.
            return """
                    {"items":"$","fields":{"id":"id","title":"title","link":"url","author":"by","published":"time","summary":"text"}}""";
        }
        if (doc.notes().contains("reddit-listing")) {
            // A post page (/comments/<id>.json) is [post Listing, comments Listing]; a subreddit page is one Listing.
            String listing = JSON.readTree(doc.bytes()).isArray() ? "$[0]" : "$";
            return """
                    {"items":"%s.data.children[*].data","fields":{"id":"name","title":"title","link":"url","author":"author",
                     "published":"created_utc","summary":"selftext"}}""".formatted(listing);
        }
        if (doc.notes().contains("discourse-topic")) {
            // Posts of a topic have no title; newer Discourse versions give each a post_url, older ones nothing.
            return """
                    {"items":"$.post_stream.posts[*]","fields":{"id":"id","link":"post_url","author":"username",
                     "published":"created_at","summary":"cooked"}}""";
        }
        if (doc.notes().contains("jsonfeed")) {
            return """
                    {"items":"$.items[*]","fields":{"id":"id","title":"title","link":"url","published":"date_published",
                     "author":"$.authors[0].name","summary":"content_text"}}""";
        }
        throw new IllegalStateException("no template for " + doc.file() + " (" + doc.notes() + ")");
    }
}
