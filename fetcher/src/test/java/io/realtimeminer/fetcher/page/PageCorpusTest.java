package io.realtimeminer.fetcher.page;

import io.realtimeminer.fetcher.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page reader on the HTML pages of the shared corpus (../../shared/corpus/html, or
 * -Dcorpus.dir): real pages of 2009 to 2025, none written for this project. They are list pages
 * rather than articles, so they carry little metadata; what they carry must come out.
 */
class PageCorpusTest {

    private static final Path HTML = SharedCorpus.DIR.resolve("html");
    private final PageReader reader = new PageReader(PageReader.DEFAULT_MAX_BYTES);

    static Stream<String> pages() throws IOException {
        if (!Files.isDirectory(HTML)) {
            // One case that reports the missing corpus (skipped, or failed under CI) instead of none at all.
            return Stream.of("corpus-missing.html");
        }
        try (Stream<Path> files = Files.list(HTML)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyPageGivesATitleALanguageAndItsText(String file) throws Exception {
        PageMetadata page = read(file);

        assertThat(page.title()).isNotBlank();
        assertThat(page.language()).startsWith("en");
        assertThat(page.excerpt()).isNotBlank().hasSizeLessThanOrEqualTo(MainText.EXCERPT_CHARS + 1);
        assertThat(page.wordCount()).isPositive();
        // No JSON-LD, OpenGraph or dates on these pages: nothing may be made up.
        assertThat(page.imageUrl()).isNull();
        assertThat(page.publishedAt()).isNull();
        assertThat(page.type()).isNull();
    }

    @Test
    void theDeclaredLanguageAndTitleAsThePagesWriteThem() throws Exception {
        assertThat(read("furbo-wordpress-home.html").language()).isEqualTo("en-US");
        assertThat(read("hn-front-2025.html").title()).isEqualTo("Hacker News");
        assertThat(read("reddit-front-2009.html").title()).isEqualTo("reddit.com: what's new online!");
        for (String file : List.of("daringfireball-home.html", "hn-front-2025.html", "reddit-front-2009.html", "furbo-wordpress-home.html")) {
            assertThat(read(file).languageGuessed()).as(file).isFalse();
        }
    }

    @Test
    void aPageWithoutLanguageIsGuessedFromItsText() throws Exception {
        PageMetadata ddg = read("duckduckgo-html-results.html");
        assertThat(ddg.language()).isEqualTo("en");
        assertThat(ddg.languageGuessed()).isTrue();
        assertThat(ddg.title()).isEqualTo("foo at DuckDuckGo");
    }

    @Test
    void theMetaDescriptionOfAWordPressSite() throws Exception {
        PageMetadata furbo = read("furbo-wordpress-home.html");
        assertThat(furbo.description())
                .isEqualTo("furbo.org is Craig Hockenberry's place to write for the web. He makes app and runs websites.");
        assertThat(furbo.title()).isEqualTo("furbo.org by Craig Hockenberry");
        assertThat(furbo.excerpt()).startsWith("The Forensic Shit Show It turns out someone at the FBI");
    }

    @Test
    void theCanonicalLinkOfAHackerNewsThreadOf800Kilobytes() throws Exception {
        long start = System.nanoTime();
        PageMetadata thread = read("hn-item-thread-39232976.html");
        assertThat(thread.canonicalUrl()).isEqualTo("https://news.ycombinator.com/item?id=39232976");
        assertThat(thread.title()).isEqualTo("Pkl, a Programming Language for Configuration | Hacker News");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    private PageMetadata read(String file) throws Exception {
        Path path = SharedCorpus.require("html/" + file);
        return reader.read(Files.readAllBytes(path), null, URI.create("http://corpus.invalid/html/" + file));
    }
}
