package io.realtimeminer.fetcher.subscriptions;

import com.sun.net.httpserver.HttpServer;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.subscriptions.ImportResult.Action;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Autodiscovery through the fetchers' own engine, against a local site. */
class FeedDiscoveryTest {

    private static final String PAGE = """
            <!doctype html><html><head><title>A blog</title>
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
            <link rel="alternate" type="application/rss+xml" title="A blog &raquo; Feed" href="/feed/">
            <link rel="alternate" type="application/rss+xml" title="A blog &raquo; Comments Feed" href="/comments/feed/">
            <link rel="Alternate" type="application/atom+xml" href="https://blog.example/atom.xml">
            <link rel="stylesheet" href="/style.css">
            </head><body><p>Hello</p></body></html>
            """;
    private static final String FEED = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A blog</title>"
            + "<link>http://blog/</link><description>d</description></channel></rss>";

    private HttpServer site;
    private AsyncHttpPageFetcher pages;
    private FeedDiscovery discovery;

    @BeforeEach
    void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/blog/", "text/html; charset=utf-8", 200, PAGE);
        answer("/feed/", "application/rss+xml", 200, FEED);
        answer("/untyped-feed", "", 200, FEED);
        answer("/plain-page", "text/html", 200, "<html><head><title>No feed</title></head><body>x</body></html>");
        answer("/gone", "text/plain", 404, "not found");
        site.start();
        pages = new AsyncHttpPageFetcher(new FetcherConfig(Map.of(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, true,
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0, FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0)).httpSettings());
        discovery = new FeedDiscovery(pages);
    }

    @AfterEach
    void stop() {
        pages.close();
        site.stop(0);
    }

    @Test
    void aPageResolvesToTheFirstFeedItAnnounces() {
        FeedDiscovery.Resolution page = discovery.resolve(url("/blog/")).join();

        assertThat(page.feed()).isEqualTo(url("/feed/"));
        assertThat(page.others()).containsExactly(url("/comments/feed/"), "https://blog.example/atom.xml");
        assertThat(page.note()).contains("found by autodiscovery (first of 3)");
        assertThat(page.found()).isTrue();
    }

    @Test
    void aFeedIsTakenAsItIsAndFailuresSayWhy() {
        assertThat(discovery.resolve(url("/feed/")).join()).isEqualTo(new FeedDiscovery.Resolution(url("/feed/"), List.of(), null, true));
        assertThat(discovery.resolve(url("/untyped-feed")).join().feed()).isEqualTo(url("/untyped-feed"));
        FeedDiscovery.Resolution plain = discovery.resolve(url("/plain-page")).join();
        assertThat(plain.feed()).isNull();
        assertThat(plain.note()).startsWith("a web page that announces no feed");
        assertThat(discovery.resolve(url("/gone")).join().note()).isEqualTo("answered HTTP 404");
        assertThat(discovery.resolve("http://[::1").join().note()).startsWith("not a URL");
    }

    @Test
    void anImportFollowsTheFeedOfAnOutlineThatPointsAtAPage() {
        List<ImportResult> results = new SubscriptionImport(new TemplateParser(), discovery, new SubscriptionImport.Options(null, null))
                .plan(List.of(new Subscription("A blog", url("/blog/"), null, List.of("Blogs")),
                        new Subscription("Its feed again", url("/feed/"), null, List.of()),
                        new Subscription("Broken", url("/gone"), null, List.of())), Map.of());

        assertThat(results).extracting(ImportResult::action, ImportResult::reason).containsExactly(
                tuple(Action.ADDED, "a web page; its feed " + url("/feed/") + " found by autodiscovery (first of 3)"),
                tuple(Action.SKIPPED, "listed twice: the same feed as 'A blog' above"),
                tuple(Action.REFUSED, "answered HTTP 404"));
        assertThat(results.get(0).template()).contains("\"url\":\"" + url("/feed/") + "\"");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    private void answer(String path, String type, int status, String body) {
        site.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (!type.isEmpty()) {
                exchange.getResponseHeaders().add("Content-Type", type);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
