package io.realtimeminer.fetcher.extract;

import io.realtimeminer.fetcher.adaptive.ServerHints;
import io.realtimeminer.template.SourceTemplate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a feed says about when to read it again, as the feed extractor reads it. */
class FeedHintsTest {

    private static final SourceTemplate TEMPLATE = Templates.parse("{\"url\":\"https://h.example/feed\",\"kind\":\"feed\"}");
    private static final URI FEED_URL = URI.create("https://h.example/feed");
    private final FeedExtractor extractor = new FeedExtractor();

    @Test
    void rssTtlSkipHoursAndSkipDaysAreReadAndHoursOrDaysRomeRefusesDoNotCostTheFeed() throws Exception {
        Extraction extraction = extractor.read(TEMPLATE, ("""
                <rss version="2.0"><channel><title>t</title><link>https://h.example/</link><description>d</description>
                  <ttl>45</ttl>
                  <skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>99</hour></skipHours>
                  <skipDays><day>Saturday</day><day>sunday</day><day>Caturday</day></skipDays>
                  <item><title>a</title><link>https://h.example/a</link></item>
                </channel></rss>""").getBytes(StandardCharsets.UTF_8), "application/xml", FEED_URL);
        ServerHints hints = extraction.hints();

        assertThat(extraction.items()).extracting(ExtractedItem::title).containsExactly("a");
        assertThat(hints.freshFor()).isEqualTo(Duration.ofMinutes(45));
        assertThat(hints.skipHours()).containsExactlyInAnyOrder(0, 1);
        assertThat(hints.skipDays()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }

    @Test
    void theSyndicationModuleGivesThePeriodOverTheFrequencyAndTheLongerOfItAndTtlCounts() throws Exception {
        ServerHints hints = read("""
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                         xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
                  <channel rdf:about="https://h.example/"><title>t</title><link>https://h.example/</link><description>d</description>
                    <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
                  </channel>
                  <item rdf:about="https://h.example/a"><title>a</title><link>https://h.example/a</link></item>
                </rdf:RDF>""");

        assertThat(hints.freshFor()).isEqualTo(Duration.ofMinutes(15));
        assertThat(hints.skipHours()).isEmpty();
    }

    @Test
    void aFeedSayingNothingOrNonsenseGivesNoHint() throws Exception {
        assertThat(read("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2026-11-23T10:00:00Z</updated>
                  <entry><title>a</title><id>urn:a</id><updated>2026-11-23T10:00:00Z</updated></entry></feed>"""))
                .isEqualTo(ServerHints.NONE);
        assertThat(read("""
                <rss version="2.0"><channel><title>t</title><link>https://h.example/</link><description>d</description>
                  <ttl>-3</ttl><item><title>a</title><link>https://h.example/a</link></item></channel></rss>"""))
                .isEqualTo(ServerHints.NONE);
        assertThat(read("""
                <rss version="2.0"><channel><title>t</title><link>https://h.example/</link><description>d</description>
                  <ttl>99999999</ttl><item><title>a</title><link>https://h.example/a</link></item></channel></rss>""").freshFor())
                .isEqualTo(Duration.ofDays(1));
    }

    private ServerHints read(String xml) throws Exception {
        return extractor.read(TEMPLATE, xml.getBytes(StandardCharsets.UTF_8), "application/xml", FEED_URL).hints();
    }
}
