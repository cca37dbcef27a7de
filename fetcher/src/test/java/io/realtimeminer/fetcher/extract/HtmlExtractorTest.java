package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlExtractorTest {

    private static final URI PAGE = URI.create("https://news.example/section/index.html");
    private static final SourceTemplate POSTS = Templates.parse("""
            {"url":"https://news.example/section/index.html","kind":"html","extract":{"items":"article.post","fields":{
               "title":"h2","link":"h2 a@href","summary":"p.excerpt","author":".by",
               "published":{"select":"time","attr":"datetime"}}}}""");

    private final HtmlExtractor extractor = new HtmlExtractor();

    @Test
    void readsFieldsByselectorAndAttributeWithTextTrimmedAndCollapsed() throws Exception {
        Extraction extraction = extractor.read(POSTS, utf8("""
                <html><body>
                <article class="post"><h2>
                   <a href="/2025/first.html">First&nbsp;story   with
                   spaces</a></h2><p class="excerpt"> An <b>excerpt</b> &amp; more </p><span class="by">Ann</span>
                   <time datetime="2025-04-29T18:31:03+02:00">2 hours ago</time></article>
                <article class="post"><h2><a href="second.html">Second</a></h2></article>
                </body></html>"""), "text/html; charset=utf-8", PAGE);

        assertThat(extraction.warnings()).isEmpty();
        assertThat(extraction.items()).containsExactly(
                new ExtractedItem("https://news.example/2025/first.html", "https://news.example/2025/first.html", "First story with spaces",
                        "An excerpt & more", "Ann", Instant.parse("2025-04-29T16:31:03Z")),
                new ExtractedItem("https://news.example/section/second.html", "https://news.example/section/second.html", "Second",
                        null, null, null));
    }

    @Test
    void resolvesLinksAgainstBaseHrefAndProtocolRelativeAndImageSources() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://news.example/a/b","kind":"html","extract":{"items":"li","fields":{
                   "title":"a","link":"a","summary":"img@src","id":"@data-id"}}}""");

        List<ExtractedItem> items = extractor.extract(template, utf8("""
                <html><head><base href="https://cdn.example/base/"></head><body><ul>
                <li data-id="7"><a href="p/1?x=1#top">One</a><img src="../img/1.png"></li>
                <li><a href="//other.example/2">Two</a></li>
                <li><a href="https://abs.example/3">Three</a></li>
                </ul></body></html>"""), null, URI.create("https://news.example/a/b"));

        assertThat(items).extracting(ExtractedItem::url).containsExactly(
                "https://cdn.example/base/p/1?x=1#top", "https://other.example/2", "https://abs.example/3");
        assertThat(items.get(0).summary()).isEqualTo("https://cdn.example/img/1.png");
        assertThat(items.get(0).sourceItemId()).isEqualTo("7");
        // Without an id of its own, an item is known by its canonical link.
        assertThat(items.get(1).sourceItemId()).isEqualTo("https://other.example/2");
    }

    @Test
    void keepsLinksAsWrittenWhenThePageUrlIsUnknown() throws Exception {
        List<ExtractedItem> items = extractor.extract(POSTS, utf8("<article class=post><h2><a href='/x'>X</a></h2></article>"), null, null);
        assertThat(items).extracting(ExtractedItem::url).containsExactly("/x");
    }

    @Test
    void readsBrokenMarkupAsABrowserWould() throws Exception {
        Extraction extraction = extractor.read(POSTS, utf8("""
                <html><body><div><article class="post"><h2><a href="/1">Unclosed <i>title</a></h2><p class=excerpt><b>bold <span>never closed
                <article class="post"><h2><a href=/2>Second &bogus; &amp</a></h2><p class="excerpt">text
                </div></td></table><article class="post"><h2><a href="/3">Third</a>
                """), "text/html", PAGE);

        assertThat(extraction.items()).extracting(ExtractedItem::title).containsExactly("Unclosed title", "Second &bogus; &", "Third");
        assertThat(extraction.items()).extracting(ExtractedItem::url)
                .containsExactly("https://news.example/1", "https://news.example/2", "https://news.example/3");
    }

    @Test
    void decodesWithTheCharsetOfTheHeaderElseTheMetaElement() throws Exception {
        Charset cp1251 = Charset.forName("windows-1251");
        String russian = "<html><head><meta charset=\"windows-1251\"></head><body><article class=post><h2><a href=/1>Невидимая броня</a></h2></article></body></html>";
        String latin = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head>"
                + "<body><article class=post><h2><a href=/1>Café für Straße</a></h2></article></body></html>";

        assertThat(extractor.extract(POSTS, russian.getBytes(cp1251), "text/html", PAGE).get(0).title()).isEqualTo("Невидимая броня");
        assertThat(extractor.extract(POSTS, russian.getBytes(cp1251), "text/html; charset=windows-1251", PAGE).get(0).title()).isEqualTo("Невидимая броня");
        assertThat(extractor.extract(POSTS, latin.getBytes(StandardCharsets.ISO_8859_1), null, PAGE).get(0).title()).isEqualTo("Café für Straße");
        // A header naming no known charset is ignored rather than trusted.
        assertThat(extractor.extract(POSTS, latin.getBytes(StandardCharsets.ISO_8859_1), "text/html; charset=bogus-8", PAGE).get(0).title())
                .isEqualTo("Café für Straße");
    }

    /** A page that declares no charset and is not UTF-8 reads as windows-1252, as browsers do; UTF-8 stays UTF-8. */
    @Test
    void readsAnUndeclaredNonUtf8PageAsWindows1252() throws Exception {
        String page = "<html><body><article class=post><h2><a href=/1>simulações de 2º turno – “já”</a></h2></article></body></html>";

        assertThat(extractor.extract(POSTS, page.getBytes(Charset.forName("windows-1252")), "text/html", PAGE).get(0).title())
                .isEqualTo("simulações de 2º turno – “já”");
        String latin = "<html><body><article class=post><h2><a href=/1>Café für Straße</a></h2></article></body></html>";
        assertThat(extractor.extract(POSTS, latin.getBytes(StandardCharsets.ISO_8859_1), "text/html; charset=bogus-8", PAGE).get(0).title())
                .isEqualTo("Café für Straße");
        assertThat(extractor.extract(POSTS, page.getBytes(StandardCharsets.UTF_8), null, PAGE).get(0).title())
                .isEqualTo("simulações de 2º turno – “já”");
    }

    @Test
    void parsesDatesWithTheTemplateFormatOrTheLenientDefaults() throws Exception {
        SourceTemplate formatted = Templates.parse("""
                {"url":"https://h/","kind":"html","extract":{"items":"li","fields":{"title":"b",
                 "published":{"select":"i","format":"dd.MM.yyyy HH:mm"}}}}""");
        SourceTemplate lenient = Templates.parse("""
                {"url":"https://h/","kind":"html","extract":{"items":"li","fields":{"title":"b","published":"i"}}}""");
        byte[] page = utf8("""
                <ul><li><b>a</b><i>29.04.2025 18:31</i></li><li><b>b</b><i>yesterday</i></li><li><b>c</b><i>Tue, 29 Apr 2025 18:31:00 GMT</i></li>
                <li><b>d</b><i>1745951463</i></li><li><b>e</b><i>2025-04-29 18:31:03</i></li></ul>""");

        Extraction withFormat = extractor.read(formatted, page, null, null);
        assertThat(withFormat.items().get(0).publishedAt()).isEqualTo(Instant.parse("2025-04-29T18:31:00Z"));
        assertThat(withFormat.warnings()).containsExactly("4 published values not in the format 'dd.MM.yyyy HH:mm', e.g. 'yesterday'");

        Extraction withDefaults = extractor.read(lenient, page, null, null);
        // Day-first dates are read without a format too; only "yesterday" is not a date.
        assertThat(withDefaults.items()).extracting(ExtractedItem::publishedAt).containsExactly(Instant.parse("2025-04-29T18:31:00Z"),
                null, Instant.parse("2025-04-29T18:31:00Z"), Instant.parse("2025-04-29T18:31:03Z"), Instant.parse("2025-04-29T18:31:03Z"));
        assertThat(withDefaults.warnings()).containsExactly("1 published value not readable as dates, e.g. 'yesterday'");
    }

    @Test
    void skipsItemsWithoutTitleOrLinkAndSaysHowMany() throws Exception {
        Extraction extraction = extractor.read(POSTS, utf8("""
                <article class="post"><h2><a href="/1">One</a></h2></article>
                <article class="post"><div class="ad">Buy!</div></article>
                <article class="post"><h2> </h2></article>"""), null, PAGE);

        assertThat(extraction.items()).extracting(ExtractedItem::title).containsExactly("One");
        assertThat(extraction.warnings()).containsExactly("2 items without title, link or id skipped");
    }

    @Test
    void honoursTheLimitAndWarnsWhenNothingMatches() throws Exception {
        SourceTemplate two = Templates.parse("""
                {"url":"https://h/","kind":"html","extract":{"items":"li","limit":2,"fields":{"title":""}}}""");

        Extraction limited = extractor.read(two, utf8("<ul><li>a<li>b<li>c</ul>"), null, null);
        assertThat(limited.items()).extracting(ExtractedItem::title).containsExactly("a", "b");
        assertThat(limited.warnings()).containsExactly("3 items match; only the first 2 were read (extract.limit)");

        Extraction none = extractor.read(two, utf8("<p>nothing here</p>"), null, null);
        assertThat(none.items()).isEmpty();
        assertThat(none.warnings()).containsExactly("the item selector 'li' matched nothing");
    }

    @Test
    void givesItemsTheirDetailUrlWhenTheTemplateHasADetailStep() throws Exception {
        SourceTemplate template = Templates.parse("""
                {"url":"https://h/list","kind":"html","extract":{"items":"li","fields":{"id":"@id","link":"a"}},
                 "detail":{"kind":"json","url":"/api/items/{id}","fields":{"title":"headline"}}}""");

        ExtractedItem item = extractor.extract(template, utf8("<li id='x 1'><a href='/p/1'>one</a></li>"), null, URI.create("https://h/list")).get(0);

        assertThat(item.detailUrl()).isEqualTo("https://h/api/items/x%201");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
