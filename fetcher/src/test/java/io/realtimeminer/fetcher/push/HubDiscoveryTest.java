package io.realtimeminer.fetcher.push;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery forms of the websub.rocks subscriber tests 100 to 104, 200 and the Recommendation's examples. */
class HubDiscoveryTest {

    private static final URI FETCHED = URI.create("https://publisher.example/blog/feed");
    private static final Hub EXPECTED = new Hub(URI.create("https://hub.example/"), URI.create("https://publisher.example/blog/feed?self=1"));

    @Test
    void linkHeadersSeparateOrCombinedQuotedOrNot() {
        assertThat(find(List.of("<https://hub.example/>; rel=\"hub\"", "<https://publisher.example/blog/feed?self=1>; rel=\"self\""), "", null))
                .contains(EXPECTED);
        assertThat(find(List.of("<https://publisher.example/blog/feed?self=1>; rel=self, <https://hub.example/>; rel=hub"), "", null))
                .contains(EXPECTED);
        assertThat(find(List.of("<feed?self=1>; rel=\"self\"; type=\"application/atom+xml\", <https://hub.example/>; rel=\"hub alternate\""),
                "", null)).as("a relative self, several rels, other parameters").contains(EXPECTED);
        assertThat(find(List.of("<https://example.com/a,b>; rel=\"next\", <https://hub.example/>; title=\"x, y\"; rel=hub",
                "<feed?self=1>; rel=self"), "", null)).as("commas inside brackets and quotes").contains(EXPECTED);
    }

    @Test
    void headersWinOverTheBody() {
        String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link rel=\"hub\" href=\"https://wrong.example/?error=wrongtag\"/>"
                + "<link rel=\"self\" href=\"https://publisher.example/blog/feed?self=1\"/></feed>";
        assertThat(find(List.of("<https://hub.example/>; rel=\"hub\", <https://publisher.example/blog/feed?self=1>; rel=\"self\""), atom,
                "application/atom+xml")).contains(EXPECTED);
    }

    @Test
    void anAtomFeedsLinks() {
        String atom = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
                + "<link href=\"https://publisher.example/blog/feed?self=1\" rel=\"self\" type=\"application/atom+xml\"/>"
                + "<link href=\"https://hub.example/\" rel=\"hub\"/>"
                + "<entry><link rel=\"hub\" href=\"https://entry.example/\"/></entry></feed>";
        assertThat(find(List.of(), atom, "text/xml")).contains(EXPECTED);
    }

    @Test
    void anRssChannelsAtomLinksAndNotAnItems() {
        String rss = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>t</title>"
                + "<atom:link href=\"https://publisher.example/blog/feed?self=1\" rel=\"self\" type=\"application/rss+xml\"/>"
                + "<atom:link href=\"https://hub.example/\" rel=\"hub\"/><item><title>i</title></item></channel></rss>";
        assertThat(find(List.of(), rss, "application/rss+xml")).contains(EXPECTED);

        String itemOnly = "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><item>"
                + "<atom:link href=\"https://hub.example/\" rel=\"hub\"/></item></channel></rss>";
        assertThat(find(List.of(), itemOnly, "application/rss+xml")).isEmpty();
    }

    @Test
    void anHtmlPagesHeadLinksAndNotItsBody() {
        String html = "<!doctype html><html><head><title>t</title><link rel=\"hub\" href=\"https://hub.example/\">"
                + "<link rel=\"self\" href=\"/blog/feed?self=1\"></head><body><p>hi</p></body></html>";
        assertThat(find(List.of(), html, "text/html; charset=utf-8")).contains(EXPECTED);

        String inBody = "<html><head><title>t</title></head><body><link rel=\"hub\" href=\"https://evil.example/\"></body></html>";
        assertThat(find(List.of(), inBody, "text/html")).isEmpty();
    }

    @Test
    void aHubWithoutSelfTakesTheFetchedUrlAndNoHubIsNone() {
        assertThat(find(List.of("<https://hub.example/>; rel=hub"), "", null)).contains(new Hub(URI.create("https://hub.example/"), FETCHED));
        assertThat(find(List.of("<https://publisher.example/blog/feed?self=1>; rel=self"), "<rss/>", "text/xml")).isEmpty();
        assertThat(find(List.of("<javascript:alert(1)>; rel=hub"), "", null)).as("only http(s) hubs").isEmpty();
        assertThat(find(List.of(), "not xml at all <<<", "text/plain")).isEmpty();
    }

    @Test
    void aDoctypeIsNeitherReadNorExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link rel=\"hub\" href=\"https://hub.example/&e;\"/></feed>";
        assertThat(find(List.of(), xxe, "application/atom+xml")).as("the undeclared entity ends the reading").isEmpty();
    }

    private static Optional<Hub> find(List<String> links, String body, String contentType) {
        return HubDiscovery.find(FETCHED, links, body.getBytes(StandardCharsets.UTF_8), contentType);
    }
}
