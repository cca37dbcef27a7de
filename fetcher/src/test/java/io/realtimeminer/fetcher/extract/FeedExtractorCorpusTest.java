package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.jsoup.Jsoup;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every RSS, RDF and Atom document of the shared corpus yields the items its manifest lists. */
class FeedExtractorCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("corpus.dir", "../../shared/corpus"));
    private static final SourceTemplate TEMPLATE = new SourceTemplate("corpus", "corpus", URI.create("http://corpus.invalid/"),
            SourceKind.FEED, Duration.ofMinutes(1), true, List.of(), Map.of());

    private final FeedExtractor extractor = new FeedExtractor();

    @TestFactory
    Stream<DynamicTest> extractsEveryFeedOfTheCorpus() throws IOException {
        Path manifest = CORPUS.resolve("MANIFEST.tsv");
        Assumptions.assumeTrue(Files.exists(manifest), "corpus not found at " + CORPUS.toAbsolutePath() + " (set -Dcorpus.dir)");
        List<String[]> rows = Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> line.split("\t", -1))
                .filter(cols -> List.of("rss", "atom", "rdf").contains(cols[1]))
                .toList();
        assertThat(rows).isNotEmpty();
        return rows.stream().map(cols -> DynamicTest.dynamicTest(cols[0], () -> {
            byte[] body = Files.readAllBytes(CORPUS.resolve(cols[0]));
            List<ExtractedItem> items = extractor.extract(TEMPLATE, body, null, null);

            assertThat(items).hasSize(Integer.parseInt(cols[5]));
            ExtractedItem first = items.get(0);
            assertThat(first.title()).isEqualTo(expectedText(cols[6]));
            if ("n/a".equals(cols[7])) {
                // No <link>: RSS 2.0 makes a guid without isPermaLink="false" the item's permalink.
                assertThat(first.url()).satisfiesAnyOf(url -> assertThat(url).isNull(), url -> assertThat(url).startsWith("http").isEqualTo(first.identity()));
            } else {
                assertThat(first.url()).isEqualTo(cols[7]);
            }
            assertThat(items).allSatisfy(item -> assertThat(item.identity()).isNotBlank());
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
                .hasMessageStartingWith("not a readable RSS or Atom feed");
        assertThatThrownBy(() -> extractor.extract(TEMPLATE, new byte[]{(byte) 0xff, 0, 1}, null, null))
                .isInstanceOf(ExtractionException.class);
    }

    /** The manifest holds titles as written in the XML; items carry them as plain, trimmed text. */
    private static String expectedText(String manifestTitle) {
        if ("n/a".equals(manifestTitle)) {
            return null;
        }
        return Jsoup.parse(manifestTitle).text().replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
    }
}
