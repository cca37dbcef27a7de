package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every RSS, RDF, Atom and JSON Feed document of the shared corpus yields the items its manifest lists. */
class FeedExtractorCorpusTest {

    private static final SourceTemplate TEMPLATE = new SourceTemplate("corpus", "corpus", URI.create("http://corpus.invalid/"),
            SourceKind.FEED, Duration.ofMinutes(1), true, List.of(), Map.of());

    private final FeedExtractor extractor = new FeedExtractor();

    @TestFactory
    Stream<DynamicTest> extractsEveryFeedOfTheCorpus() {
        if (Corpus.ifMissing() != null) {
            return Corpus.ifMissing();
        }
        List<Corpus.Document> feeds = Corpus.documents("rss", "atom", "rdf", "json").stream()
                .filter(doc -> !doc.kind().equals("json") || doc.notes().contains("jsonfeed"))
                .toList();
        assertThat(feeds).hasSizeGreaterThan(20);
        return feeds.stream().map(doc -> DynamicTest.dynamicTest(doc.file(), () -> {
            Extraction extraction = extractor.read(TEMPLATE, doc.bytes(), null, doc.url());
            List<ExtractedItem> items = extraction.items();

            assertThat(items).hasSize(doc.itemCount());
            assertThat(extraction.warnings()).isEmpty();
            ExtractedItem first = items.get(0);
            assertThat(first.title()).isEqualTo(doc.expectedTitle());
            if (doc.expectedLink() == null) {
                // No <link>: RSS 2.0 makes a guid without isPermaLink="false" the item's permalink.
                assertThat(first.url()).satisfiesAnyOf(url -> assertThat(url).isNull(), url -> assertThat(url).startsWith("http").isEqualTo(first.identity()));
            } else {
                assertThat(first.url()).isEqualTo(doc.expectedLink());
            }
            assertThat(items).allSatisfy(item -> assertThat(item.sourceItemId()).isNotBlank());
            assertThat(items).allSatisfy(item -> assertThat(item.url()).satisfiesAnyOf(
                    url -> assertThat(url).isNull(), url -> assertThat(URI.create(url).isAbsolute()).isTrue()));
        }));
    }

    @Test
    void resolvesRelativeLinksAgainstTheFeedUrl() throws Exception {
        byte[] body = """
                <rss version="2.0"><channel><title>t</title><item><title>A &amp;amp; B</title><link>/posts/1</link></item></channel></rss>
                """.getBytes(StandardCharsets.UTF_8);

        ExtractedItem item = extractor.extract(TEMPLATE, body, "application/rss+xml", URI.create("https://blog.example/feed.xml")).get(0);

        assertThat(item.url()).isEqualTo("https://blog.example/posts/1");
        assertThat(item.title()).isEqualTo("A & B");
        assertThat(item.identity()).isEqualTo("https://blog.example/posts/1");
    }

    @Test
    void refusesDocumentsThatAreNotFeeds() {
        assertThatThrownBy(() -> extractor.extract(TEMPLATE, "<html><body>hello</body></html>".getBytes(StandardCharsets.UTF_8), "text/html", null))
                .isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("not a readable RSS, Atom or JSON feed");
        assertThatThrownBy(() -> extractor.extract(TEMPLATE, new byte[]{(byte) 0xff, 0, 1}, null, null))
                .isInstanceOf(ExtractionException.class);
        assertThatThrownBy(() -> extractor.extract(TEMPLATE, "{\"items\":[]}".getBytes(StandardCharsets.UTF_8), null, null))
                .isInstanceOf(ExtractionException.class)
                .hasMessageContaining("not a JSON Feed");
    }
}
