package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Feed formats and quirks beyond the corpus: JSON Feed, xml:base, DOCTYPEs, ids from links. */
class FeedExtractorTest {

    private static final URI FEED_URL = URI.create("https://blog.example/feeds/all.xml");
    private static final SourceTemplate TEMPLATE = new SourceTemplate("blog", "blog", FEED_URL,
            SourceKind.FEED, Duration.ofMinutes(1), true, List.of(), Map.of());

    private final FeedExtractor extractor = new FeedExtractor();

    @Test
    void readsJsonFeed11WithAuthorsAndRelativeUrls() throws Exception {
        Extraction extraction = extractor.read(TEMPLATE, utf8("""
                \uFEFF  {"version":"https://jsonfeed.org/version/1.1","title":"Blog","authors":[{"name":"Feed Author"}],
                 "items":[
                   {"id":"2","url":"/posts/2","title":" Second &amp; last ","content_html":"<p>Hello <b>world</b></p>",
                    "date_published":"2025-04-29T18:31:03+02:00","authors":[{"name":"Ann"}]},
                   {"id":"1","external_url":"https://elsewhere.example/1","content_text":"no title","date_modified":"2025-04-28T10:00:00Z"}
                 ]}"""), "application/feed+json", FEED_URL);

        assertThat(extraction.warnings()).isEmpty();
        assertThat(extraction.items()).containsExactly(
                new ExtractedItem("2", "https://blog.example/posts/2", "Second & last", "Hello world", "Ann", Instant.parse("2025-04-29T16:31:03Z")),
                new ExtractedItem("1", "https://elsewhere.example/1", null, "no title", "Feed Author", Instant.parse("2025-04-28T10:00:00Z")));
    }

    @Test
    void readsJsonFeed1WithItsSingleAuthorAndNumericIds() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                {"version":"https://jsonfeed.org/version/1","title":"Old","author":{"name":"Bob"},
                 "items":[{"id":7,"url":"https://blog.example/7","title":"Seven","summary":"short","date_published":"2017-05-17T10:02:12-07:00"}]}"""),
                "application/json", FEED_URL);

        assertThat(items).containsExactly(new ExtractedItem("7", "https://blog.example/7", "Seven", "short", "Bob", Instant.parse("2017-05-17T17:02:12Z")));
    }

    @Test
    void resolvesLinksAgainstXmlBaseOfTheFeedAndOfEachEntry() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.example/blog/">
                  <title>t</title>
                  <entry><title>One</title><id>tag:blog.example,2025:1</id><link href="posts/1"/></entry>
                  <entry xml:base="/archive/2024/"><title>Two</title><id>tag:blog.example,2025:2</id><link href="two.html"/></entry>
                  <entry><title>Three</title><id>tag:blog.example,2025:3</id><link href="https://abs.example/3"/>
                    <content type="html" xml:base="/elsewhere/">&lt;a href="x"&gt;x&lt;/a&gt;</content></entry>
                </feed>"""), "application/atom+xml", FEED_URL);

        assertThat(items).extracting(ExtractedItem::url).containsExactly(
                "https://cdn.example/blog/posts/1", "https://cdn.example/archive/2024/two.html", "https://abs.example/3");
    }

    @Test
    void resolvesRelativeAtomLinksAgainstTheDocumentUrlWithoutXmlBase() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><link href="/feed.xml" rel="self"/>
                <title>QEMU</title><entry><title type="html">QEMU version 10.1.0 released</title>
                <link href="/2025/08/26/qemu-10-1-0/" rel="alternate" type="text/html"/><id>/2025/08/26/qemu-10-1-0</id></entry></feed>"""),
                null, URI.create("https://www.qemu.org/feed.xml"));

        assertThat(items.get(0).url()).isEqualTo("https://www.qemu.org/2025/08/26/qemu-10-1-0/");
        assertThat(items.get(0).sourceItemId()).isEqualTo("/2025/08/26/qemu-10-1-0");
    }

    @Test
    void derivesTheIdOfItemsWithoutOneFromTheirCanonicalLink() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <rss version="2.0"><channel><title>t</title>
                <item><title>A</title><link>HTTPS://Blog.Example:443/a?x=1#comments</link></item>
                <item><title>B</title><link>/b</link><guid isPermaLink="false">b-42</guid></item>
                <item><title>Only a title</title></item>
                </channel></rss>"""), null, FEED_URL);

        assertThat(items).extracting(ExtractedItem::sourceItemId).containsExactly("https://blog.example/a?x=1", "b-42", null);
        assertThat(items).extracting(ExtractedItem::identity).containsExactly("https://blog.example/a?x=1", "b-42", "Only a title");
    }

    /**
     * A blog whose posts of a day are fragments of one page, with the same value as guid and link:
     * every post is an item, its guid kept whole as written.
     */
    @Test
    void keepsAGuidWholeFragmentIncludedEvenWhenItEqualsTheLink() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <rss version="2.0"><channel><title>t</title>
                <item><title>Morning</title><link>http://example.com/2017/06/26.html#a080605</link>
                  <guid>http://example.com/2017/06/26.html#a080605</guid></item>
                <item><title>Noon</title><link>http://example.com/2017/06/26.html#a120000</link>
                  <guid>http://example.com/2017/06/26.html#a120000</guid></item>
                <item><title>Evening</title><link>http://example.com/2017/06/26.html#a201500</link>
                  <guid>http://example.com/2017/06/26.html#a201500</guid></item>
                </channel></rss>"""), null, FEED_URL);

        assertThat(items).extracting(ExtractedItem::identity).containsExactly("http://example.com/2017/06/26.html#a080605",
                "http://example.com/2017/06/26.html#a120000", "http://example.com/2017/06/26.html#a201500");
    }

    @Test
    void keepsTheAtomIdWholeAndAFragmentThatTellsItemsWithoutIdsApart() throws Exception {
        List<ExtractedItem> atom = extractor.extract(TEMPLATE, utf8("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:f</id><updated>2026-01-01T00:00:00Z</updated>
                <entry><title>One</title><id>https://Example.com/day#one</id><link href="https://example.com/day#one"/>
                  <updated>2026-01-01T00:00:00Z</updated></entry>
                </feed>"""), null, FEED_URL);
        assertThat(atom).extracting(ExtractedItem::identity).containsExactly("https://Example.com/day#one");

        List<ExtractedItem> noIds = extractor.extract(TEMPLATE, utf8("""
                <rss version="2.0"><channel><title>t</title>
                <item><title>First</title><link>http://Example.com/day.html#p1</link></item>
                <item><title>Second</title><link>http://example.com/day.html#p2</link></item>
                <item><title>Elsewhere</title><link>http://example.com/other.html#comments</link></item>
                </channel></rss>"""), null, FEED_URL);
        assertThat(noIds).extracting(ExtractedItem::identity).containsExactly("http://example.com/day.html#p1",
                "http://example.com/day.html#p2", "http://example.com/other.html");
    }

    /** Latin-1 bytes that declare no encoding read as windows-1252, as feed readers do; UTF-8 is never decoded twice. */
    @ParameterizedTest
    @ValueSource(strings = {"<?xml version=\"1.0\"?>\n", ""})
    void readsUndeclaredNonUtf8FeedsAsWindows1252(String declaration) throws Exception {
        String feed = declaration + "<rss version=\"2.0\"><channel><title>t</title><item><title>simulações de 2º turno – “já”</title>"
                + "<link>http://x/1</link></item></channel></rss>";

        List<ExtractedItem> legacy = extractor.extract(TEMPLATE, feed.getBytes(java.nio.charset.Charset.forName("windows-1252")), "text/xml", FEED_URL);
        List<ExtractedItem> utf8 = extractor.extract(TEMPLATE, feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/xml", FEED_URL);

        assertThat(legacy).extracting(ExtractedItem::title).containsExactly("simulações de 2º turno – “já”");
        assertThat(utf8).extracting(ExtractedItem::title).containsExactly("simulações de 2º turno – “já”");
    }

    /** Dates ROME cannot read (other languages, day-first forms) are read from the text, or reported: never silently empty. */
    @Test
    void readsNonEnglishAndDayFirstDatesOrWarnsAboutThem() throws Exception {
        Extraction extraction = extractor.read(TEMPLATE, utf8("""
                <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
                <item><title>fr</title><link>http://x/1</link><pubDate>Lun, 26 juin 2017 10:00:00 +0200</pubDate></item>
                <item><title>br</title><link>http://x/2</link><dc:date>26/06/2017 10:00</dc:date></item>
                <item><title>en</title><link>http://x/3</link><pubDate>Mon, 26 Jun 2017 10:00:00 GMT</pubDate></item>
                <item><title>??</title><link>http://x/4</link><pubDate>yesterday</pubDate></item>
                </channel></rss>"""), null, FEED_URL);

        assertThat(extraction.items()).extracting(ExtractedItem::publishedAt).containsExactly(Instant.parse("2017-06-26T08:00:00Z"),
                Instant.parse("2017-06-26T10:00:00Z"), Instant.parse("2017-06-26T10:00:00Z"), null);
        assertThat(extraction.warnings()).containsExactly("1 published value not readable as dates, e.g. 'yesterday'");
    }

    /** A feed listing more items than its limit gives the newest, whatever its order, and says so. */
    @Test
    void readsOnlyTheNewestItemsUpToTheLimit() throws Exception {
        StringBuilder feed = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title><link>http://x/</link><description>d</description>");
        for (int i = 0; i < 150; i++) { // oldest first
            feed.append("<item><title>Item ").append(i).append("</title><link>http://x/").append(i).append("</link><pubDate>")
                    .append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            java.time.ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC).plusMinutes(i)))
                    .append("</pubDate></item>");
        }
        byte[] body = utf8(feed.append("</channel></rss>").toString());

        Extraction byDefault = extractor.read(TEMPLATE, body, null, FEED_URL);
        assertThat(byDefault.items()).hasSize(100).first().extracting(ExtractedItem::title).isEqualTo("Item 50");
        assertThat(byDefault.items()).last().extracting(ExtractedItem::title).isEqualTo("Item 149");
        assertThat(byDefault.warnings()).containsExactly("150 items listed; only the newest 100 were read (extract.limit)");

        SourceTemplate ten = Templates.parse("{\"url\":\"" + FEED_URL + "\",\"kind\":\"feed\",\"extract\":{\"limit\":10}}");
        assertThat(extractor.read(ten, body, null, FEED_URL).items()).extracting(ExtractedItem::title)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(140, 150).mapToObj(i -> "Item " + i).toList());
    }

    /** A charset Java does not know in Content-Type is passed over: the encoding comes from the document, as documented. */
    @Test
    void anUnknownCharsetInTheContentTypeFallsBackToTheDocument() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>t</title><link>http://x/</link><description>d</description>
                <item><title>Café</title><link>http://x/1</link></item></channel></rss>"""),
                "application/rss+xml; charset=x-no-such-charset", FEED_URL);

        assertThat(items).extracting(ExtractedItem::title).containsExactly("Café");
        assertThat(ContentType.charsetHeader("text/xml; charset=\"bogus\"")).isNull();
        assertThat(ContentType.charsetHeader("text/xml; charset=ISO-8859-1")).isEqualTo("text/xml; charset=ISO-8859-1");
    }

    @Test
    void acceptsTheRss091DoctypeWithoutFetchingIt() throws Exception {
        List<ExtractedItem> items = extractor.extract(TEMPLATE, utf8("""
                <?xml version="1.0"?>
                <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
                <rss version="0.91"><channel><title>t</title><link>http://x/</link><description>d</description>
                <item><title>Caf&eacute; &amp; more</title><link>http://x/1</link></item></channel></rss>"""), null, FEED_URL);

        assertThat(items).extracting(ExtractedItem::title).containsExactly("Café & more");
    }

    @Test
    void givesItemsTheDetailUrlOfTheTemplate() throws Exception {
        SourceTemplate withDetail = Templates.parse("""
                {"url":"https://blog.example/feeds/all.xml","kind":"feed","detail":{"kind":"html","fields":{"summary":"article"}}}""");

        ExtractedItem item = extractor.extract(withDetail, utf8("""
                <rss version="2.0"><channel><title>t</title><item><title>A</title><link>/a</link></item></channel></rss>"""), null, FEED_URL).get(0);

        assertThat(item.detailUrl()).isEqualTo("https://blog.example/a");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
