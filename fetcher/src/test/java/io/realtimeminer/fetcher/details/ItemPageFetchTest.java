package io.realtimeminer.fetcher.details;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.page.PageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Item pages fetched through the real fetch engine from a local HTTP server: a good page, a failing one, a stalled one, garbage. */
class ItemPageFetchTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private HttpServer server;
    private AsyncHttpPageFetcher engine;
    private ExecutorService parsePool;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
        engine = new AsyncHttpPageFetcher(new FetcherConfig(Map.of(
                FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, true,
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0, FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0)).httpSettings());
        parsePool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        release.countDown();
        engine.close();
        parsePool.shutdownNow();
        server.stop(0);
    }

    @Test
    void aPageGivesItsMetadataWithItsStatusAndTheUrlThatAnswered() throws Exception {
        ItemDetails details = fetch("/redirect?utm_source=feed", Duration.ofSeconds(10));

        assertThat(details.getError()).isNull();
        assertThat(details.getItemId()).isEqualTo("s:1");
        assertThat(details.getContentHash()).isEqualTo("hash-1");
        assertThat(details.getUrl()).isEqualTo(url("/redirect?utm_source=feed"));
        assertThat(details.getFinalUrl()).isEqualTo(url("/story"));
        assertThat(details.getHttpStatus()).isEqualTo(200);
        assertThat(details.getContentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(details.getFetchedAt()).isEqualTo(NOW);
        assertThat(details.getTitle()).isEqualTo("Harbour bridge reopens after two years of repairs");
        assertThat(details.getDescription()).isEqualTo("OpenGraph: the bridge is open again.");
        assertThat(details.getLanguage()).isEqualTo("en-GB");
        assertThat(details.getImageUrl()).isEqualTo("https://cdn.example.com/img/bridge-og.jpg");
        assertThat(details.getAuthor()).isEqualTo("Ada Lovelace, Charles Babbage");
        assertThat(details.getPublisher()).isEqualTo("Example Times Media Ltd");
        assertThat(details.getPublishedAt()).isEqualTo(Instant.parse("2024-05-06T06:30:00Z"));
        assertThat(details.getPublishedFrom()).isEqualTo("json-ld");
        assertThat(details.getWordCount()).isEqualTo(35);
    }

    @Test
    void aFailingPageGivesTheHttpStatusAsItsError() throws Exception {
        ItemDetails details = fetch("/gone", Duration.ofSeconds(10));

        assertThat(details.getError()).isEqualTo("HTTP 404");
        assertThat(details.getHttpStatus()).isEqualTo(404);
        assertThat(details.getTitle()).isNull();
    }

    @Test
    void aPageThatDoesNotAnswerInTimeGivesATimeout() throws Exception {
        long start = System.nanoTime();
        ItemDetails details = fetch("/stall", Duration.ofMillis(800));

        assertThat(details.getError()).startsWith("no complete response within 800 ms; still receiving the response of " + url("/stall"));
        assertThat(details.getHttpStatus()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void garbageAndOtherDocumentsAreNotPages() throws Exception {
        assertThat(fetch("/pdf", Duration.ofSeconds(10)).getError()).isEqualTo("not an HTML page (application/pdf)");
        assertThat(fetch("/binary", Duration.ofSeconds(10)).getError()).isEqualTo("not an HTML page (binary content)");
    }

    @Test
    void aLinkThatCannotBeFetchedIsAnErrorToo() throws Exception {
        ItemPageFetch pages = new ItemPageFetch(engine, new PageReader(PageReader.DEFAULT_MAX_BYTES), parsePool,
                Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
        ItemDetails details = pages.fetch(item("s:2", "not a url")).get(10, TimeUnit.SECONDS);
        assertThat(details.getError()).isEqualTo("the item's link is not a valid URL");
        details = pages.fetch(item("s:3", "ftp://files.example.org/a")).get(10, TimeUnit.SECONDS);
        assertThat(details.getError()).startsWith("cannot fetch ftp://files.example.org/a");
    }

    private ItemDetails fetch(String path, Duration timeout) throws Exception {
        ItemPageFetch pages = new ItemPageFetch(engine, new PageReader(PageReader.DEFAULT_MAX_BYTES), parsePool, timeout,
                Clock.fixed(NOW, ZoneOffset.UTC));
        return pages.fetch(item("s:1", url(path))).get(20, TimeUnit.SECONDS);
    }

    private static RawItem item(String id, String url) {
        return RawItem.newBuilder().setItemId(id).setSourceId("s").setUrl(url).setDiscoveredAt(NOW).setContentHash("hash-1")
                .setPageDetails(true).build();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestURI().getPath()) {
                case "/redirect" -> {
                    exchange.getResponseHeaders().set("Location", "/story");
                    exchange.sendResponseHeaders(301, -1);
                }
                case "/story" -> send(exchange, "text/html; charset=utf-8", page("news-article-graph.html"));
                case "/pdf" -> send(exchange, "application/pdf", "%PDF-1.7 ...".getBytes(StandardCharsets.US_ASCII));
                case "/binary" -> send(exchange, "text/html", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2});
                case "/stall" -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("<html><head>".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] page(String name) throws IOException {
        try (InputStream in = ItemPageFetchTest.class.getResourceAsStream("/pages/" + name)) {
            return in.readAllBytes();
        }
    }
}
