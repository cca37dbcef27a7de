package io.realtimeminer.fetcher.page;

import io.realtimeminer.fetcher.extract.ExtractionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page reader on pages written for it (src/test/resources/pages): JSON-LD, OpenGraph, Twitter cards, broken markup, huge pages. */
class PageReaderTest {

    private final PageReader reader = new PageReader(PageReader.DEFAULT_MAX_BYTES);

    @Test
    void aNewsArticleInAJsonLdGraphWithReferencesToItsAuthorPublisherAndImage() throws Exception {
        PageMetadata page = read("news-article-graph.html", "https://times.example.com/news/2024/05/harbour-bridge-reopens?utm_source=rss");

        assertThat(page.type()).isEqualTo("NewsArticle");
        assertThat(page.title()).isEqualTo("Harbour bridge reopens after two years of repairs");
        assertThat(page.author()).isEqualTo("Ada Lovelace, Charles Babbage");
        assertThat(page.publisher()).isEqualTo("Example Times Media Ltd");
        assertThat(page.publishedAt()).isEqualTo(Instant.parse("2024-05-06T06:30:00Z"));
        assertThat(page.publishedFrom()).isEqualTo(PageMetadata.FROM_JSON_LD);
        assertThat(page.modifiedAt()).isEqualTo(Instant.parse("2024-05-06T08:15:00Z"));
        assertThat(page.language()).isEqualTo("en-GB");
        assertThat(page.languageGuessed()).isFalse();
        // OpenGraph comes before JSON-LD for what people see when a link is shared.
        assertThat(page.description()).isEqualTo("OpenGraph: the bridge is open again.");
        assertThat(page.imageUrl()).isEqualTo("https://cdn.example.com/img/bridge-og.jpg");
        assertThat(page.siteName()).isEqualTo("The Example Times");
        assertThat(page.canonicalUrl()).isEqualTo("https://times.example.com/news/2024/05/harbour-bridge-reopens");
        // The article's text, without the navigation, headline, byline, figure and aside around it.
        assertThat(page.excerpt()).isEqualTo("The harbour bridge reopened to traffic on Monday morning, two years after cracks were found"
                + " in its main span. Engineers replaced forty steel cables and resurfaced the whole deck. The first cars crossed at seven.");
        assertThat(page.wordCount()).isEqualTo(35);
    }

    @Test
    void aBlogPostingWithTypeArraysMixedAuthorsCommentsAndTrailingCommas() throws Exception {
        PageMetadata page = read("blog-posting.html", "https://blog.example.fr/2024/06/jura?ref=feed");

        assertThat(page.type()).isEqualTo("BlogPosting");
        assertThat(page.title()).isEqualTo("Trois jours \u00e0 v\u00e9lo dans le Jura");
        // Names only: the author given as a bare profile URL is not a name.
        assertThat(page.author()).isEqualTo("Camille Martin, Louis Bernard");
        assertThat(page.publisher()).isEqualTo("\u00c9ditions du Carnet");
        assertThat(page.publishedAt()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(page.imageUrl()).isEqualTo("https://blog.example.fr/images/jura.jpg");
        assertThat(page.canonicalUrl()).isEqualTo("https://blog.example.fr/2024/06/jura");
        assertThat(page.language()).isEqualTo("fr-FR");
        assertThat(page.description()).isNull();
        assertThat(page.excerpt()).startsWith("Nous sommes partis de Besan\u00e7on un matin de juin,").doesNotContain("Accueil");
    }

    @Test
    void openGraphAndTwitterCardsWithoutJsonLd() throws Exception {
        PageMetadata page = read("opengraph-twitter.html", "https://nachrichten.example.de/wetter/sturm-nordsee?utm_source=rss");

        assertThat(page.title()).isEqualTo("Sturm \u00fcber der Nordsee");
        assertThat(page.description()).startsWith("Ein Orkantief zieht \u00fcber die Nordsee;");
        assertThat(page.imageUrl()).isEqualTo("https://nachrichten.example.de/bilder/sturm.jpg");
        assertThat(page.siteName()).isEqualTo("Beispiel-Nachrichten");
        assertThat(page.type()).isEqualTo("article");
        assertThat(page.language()).isEqualTo("de");
        // rel="alternate canonical" counts, and a relative href is resolved; og:url comes after it.
        assertThat(page.canonicalUrl()).isEqualTo("https://nachrichten.example.de/wetter/sturm-nordsee");
        assertThat(page.publishedAt()).isEqualTo(Instant.parse("2024-01-15T06:00:00Z"));
        assertThat(page.publishedFrom()).isEqualTo(PageMetadata.FROM_META);
        assertThat(page.modifiedAt()).isEqualTo(Instant.parse("2024-01-15T08:30:00Z"));
        // article:author is a profile link here: the Twitter handle is the best name the page gives.
        assertThat(page.author()).isEqualTo("@jmueller");
        assertThat(page.excerpt()).isEqualTo("Ein Orkantief zieht am Montag \u00fcber die Nordsee. Der Deutsche Wetterdienst warnt vor schweren"
                + " Sturmb\u00f6en an der gesamten K\u00fcste. In Hamburg wird am Abend eine Sturmflut erwartet, der Fischmarkt d\u00fcrfte"
                + " \u00fcberflutet werden.");
    }

    @Test
    void brokenMarkupIsReadAsABrowserWouldAndABrokenJsonLdBlockIsSkipped() throws Exception {
        PageMetadata page = read("broken.html", "http://broken.example.org/a/b");

        assertThat(page.title()).isEqualTo("From the second block");
        assertThat(page.type()).isEqualTo("Article");
        assertThat(page.author()).isEqualTo("Grace Hopper");
        assertThat(page.publishedAt()).isEqualTo(Instant.parse("2024-05-06T14:00:00Z"));
        assertThat(page.description()).isEqualTo("A page whose markup is wrong in many ways");
        assertThat(page.imageUrl()).isEqualTo("http://img.example.org/broken.png");
        assertThat(page.language()).isEqualTo("en");
        assertThat(page.excerpt()).startsWith("First paragraph bold and italic still italic Second paragraph, never closed")
                .endsWith("Third paragraph after stray closing tags.");
    }

    @Test
    void aHugePageIsReadOnlyAsFarAsTheLimitAndQuickly() throws Exception {
        StringBuilder html = new StringBuilder("<html lang=\"en\"><head><title>Huge</title>"
                + "<meta property=\"og:description\" content=\"Big page\"></head><body><article>");
        String paragraph = "<p>" + "word ".repeat(200) + "</p>\n";
        while (html.length() < 12 * 1024 * 1024) {
            html.append(paragraph).append("<div><span><b>nested</b></span></div>");
        }
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        PageReader limited = new PageReader(1024 * 1024);

        long start = System.nanoTime();
        PageMetadata page = limited.read(body, "text/html; charset=utf-8", URI.create("https://huge.example.org/"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(page.title()).isEqualTo("Huge");
        assertThat(page.description()).isEqualTo("Big page");
        assertThat(page.excerpt()).startsWith("word word").endsWith("\u2026").hasSizeLessThanOrEqualTo(MainText.EXCERPT_CHARS + 1);
        // About 1 MiB of it was read: some 200,000 words, not the 2.4 million of the whole page.
        assertThat(page.wordCount()).isBetween(150_000, 220_000);
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void whatIsNotAnHtmlPageIsAnError() {
        URI url = URI.create("https://files.example.org/x");
        assertThatThrownBy(() -> reader.read("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), "application/pdf", url))
                .isInstanceOf(ExtractionException.class).hasMessage("not an HTML page (application/pdf)");
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13}, "text/html", url))
                .isInstanceOf(ExtractionException.class).hasMessage("not an HTML page (binary content)");
        assertThatThrownBy(() -> reader.read("just some words, no markup at all".getBytes(StandardCharsets.UTF_8), null, url))
                .isInstanceOf(ExtractionException.class).hasMessage("not an HTML page (no markup)");
        assertThatThrownBy(() -> reader.read("{\"id\": 1}".getBytes(StandardCharsets.UTF_8), "application/json", url))
                .isInstanceOf(ExtractionException.class).hasMessage("not an HTML page (application/json)");
    }

    @Test
    void aPageWithoutMetadataGivesItsTitleAndTextOnly() throws Exception {
        PageMetadata page = reader.read("<p>Short.</p>".getBytes(StandardCharsets.UTF_8), "text/html", URI.create("https://h.example/"));
        assertThat(page).isEqualTo(new PageMetadata(null, null, null, null, null, null, false, null, null, null, null, null, null,
                "Short.", 1));
    }

    @Test
    void theLanguageIsGuessedOnlyWhenThePageDeclaresNoneAndTheTextTellsClearly() throws Exception {
        assertThat(guess("The council said that the new bridge was expected to open in the spring, and that the old one would"
                + " be closed for repairs. It is the first time in ten years that the crossing has been shut for more than a week."))
                .isEqualTo("en");
        assertThat(guess("Der Stadtrat hat am Montag beschlossen, dass die neue Br\u00fccke im Fr\u00fchjahr er\u00f6ffnet wird. Die alte"
                + " Br\u00fccke wird f\u00fcr die Reparatur gesperrt, und es ist nicht klar, wann sie wieder offen sein wird."))
                .isEqualTo("de");
        assertThat(guess("\u6771\u4eac\u90fd\u306f\u6708\u66dc\u65e5\u3001\u65b0\u3057\u3044\u6a4b\u304c\u6625\u306b\u958b\u901a\u3059"
                + "\u308b\u3068\u767a\u8868\u3057\u307e\u3057\u305f\u3002\u53e4\u3044\u6a4b\u306f\u4fee\u7406\u306e\u305f\u3081\u306b\u9589"
                + "\u9396\u3055\u308c\u307e\u3059\u3002")).isEqualTo("ja");
        assertThat(guess("Too short to tell.")).isNull();
        assertThat(guess("Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore"
                + " dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip")).isNull();
    }

    @Test
    void declaredLanguageTagsAreNormalised() {
        assertThat(PageReader.languageTag("en_US")).isEqualTo("en-US");
        assertThat(PageReader.languageTag("EN-us")).isEqualTo("en-US");
        assertThat(PageReader.languageTag("de, en")).isEqualTo("de");
        assertThat(PageReader.languageTag("und")).isNull();
        assertThat(PageReader.languageTag("English please")).isNull();
        assertThat(PageReader.languageTag("")).isNull();
    }

    @Test
    void wordsAreCountedAcrossScripts() {
        assertThat(MainText.wordCount("It's a well-known fact \u2014 42 words? No: 8.")).isEqualTo(8);
        assertThat(MainText.wordCount("\u65b0\u3057\u3044\u6a4b abc")).isEqualTo(5);
        assertThat(MainText.excerpt("short")).isEqualTo("short");
    }

    private String guess(String text) throws Exception {
        PageMetadata page = reader.read(("<html><body><p>" + text + "</p></body></html>").getBytes(StandardCharsets.UTF_8), "text/html",
                URI.create("https://h.example/"));
        assertThat(page.languageGuessed()).isEqualTo(page.language() != null);
        return page.language();
    }

    private PageMetadata read(String resource, String url) throws IOException, ExtractionException {
        try (InputStream in = PageReaderTest.class.getResourceAsStream("/pages/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return reader.read(in.readAllBytes(), "text/html; charset=utf-8", URI.create(url));
        }
    }
}
