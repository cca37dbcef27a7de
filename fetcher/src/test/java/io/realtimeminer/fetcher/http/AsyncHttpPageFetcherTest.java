package io.realtimeminer.fetcher.http;

import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.sites.SiteShares;
import io.realtimeminer.fetcher.sites.Sites;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncHttpPageFetcherTest {

    private static final byte[] FEED = "<rss version=\"2.0\"><channel><title>caf\u00e9</title></channel></rss>".getBytes(StandardCharsets.ISO_8859_1);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LocalHttpServer server;

    /** What sort of failure the last {@link #failure} was. */
    private FailureKind lastKind;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void asksForGzipDecodesItAndPassesTheContentTypeThrough() throws Exception {
        List<String> acceptEncoding = new ArrayList<>();
        server().on("/feed", exchange -> {
            acceptEncoding.add(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalHttpServer.send(exchange, 200, "application/rss+xml; charset=ISO-8859-1", ContentDecodingTest.gzip(FEED));
        });

        FetchResponse response = fetch(fetcher(Map.of()), server.url("/feed"));

        assertThat(acceptEncoding).containsExactly("gzip, deflate");
        assertThat(response.body()).isEqualTo(FEED);
        assertThat(response.contentType()).isEqualTo("application/rss+xml; charset=ISO-8859-1");
        assertThat(response.protocol()).isEqualTo("HTTP/1.1");
    }

    @Test
    void http2IsNegotiatedThroughAlpnWhereTheServerOffersIt() throws Exception {
        LocalTlsServer h2 = track(new LocalTlsServer("<rss/>"));
        com.sun.net.httpserver.HttpsServer h1 = LocalTlsServer.jdkHttps("<rss/>");
        track(() -> h1.stop(0));
        AsyncHttpPageFetcher http = track(new AsyncHttpPageFetcher(config(Map.of()).httpSettings(), SystemDefaultDnsResolver.INSTANCE, AddressPolicy.ANY,
                LocalTlsServer.clientTrust()));

        FetchResponse overH2 = fetch(http, h2.url("/feed"));
        FetchResponse overH1 = fetch(http, URI.create("https://127.0.0.1:" + h1.getAddress().getPort() + "/feed"));

        assertThat(overH2.status()).isEqualTo(200);
        assertThat(overH2.protocol()).isEqualTo("HTTP/2.0");
        assertThat(new String(overH2.body(), StandardCharsets.UTF_8)).isEqualTo("<rss/>");
        assertThat(overH1.protocol()).isEqualTo("HTTP/1.1");
        assertThat(new String(overH1.body(), StandardCharsets.UTF_8)).isEqualTo("<rss/>");
    }

    @Test
    void aGzipBombFailsWithAClearErrorAfterDecompression() throws Exception {
        byte[] bomb = ContentDecodingTest.gzip(new byte[10 * 1024 * 1024]);
        server().on("/bomb", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalHttpServer.send(exchange, 200, "application/xml", bomb);
        });

        assertThat(failure(fetcher(Map.of(FetcherConfig.HTTP_MAX_BODY_BYTES, 1024 * 1024)), server.url("/bomb")))
                .isEqualTo("response body exceeds the limit of 1048576 bytes after decompression");
        assertThat(lastKind).isEqualTo(FailureKind.TOO_LARGE);
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndLoopsAreCaught() throws Exception {
        server().on("/moved", exchange -> redirect(exchange, "/final"))
                .on("/final", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", FEED));
        for (int i = 0; i < 10; i++) {
            int next = i + 1;
            server.on("/chain" + i, exchange -> redirect(exchange, "/chain" + next));
        }
        server.on("/ping", exchange -> redirect(exchange, "/pong")).on("/pong", exchange -> redirect(exchange, "/ping"));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_MAX_REDIRECTS, 5));

        FetchResponse moved = fetch(http, server.url("/moved"));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.url()).isEqualTo(server.url("/final"));

        assertThat(failure(http, server.url("/chain0"))).startsWith("too many redirects (6)");
        assertThat(lastKind).isEqualTo(FailureKind.REDIRECT);
        assertThat(server.requests("/chain5")).isEqualTo(1);
        assertThat(server.requests("/chain6")).isZero();

        assertThat(failure(http, server.url("/ping")))
                .isEqualTo("redirect loop: " + server.url("/ping") + " -> " + server.url("/pong") + " -> " + server.url("/ping"));
    }

    @Test
    void privateAddressesAreRefusedByDefault() throws Exception {
        server().on("/feed", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", FEED));
        AsyncHttpPageFetcher strict = track(new AsyncHttpPageFetcher(new FetcherConfig(Map.of()).httpSettings()));

        assertThat(failure(strict, server.url("/feed")))
                .isEqualTo("address 127.0.0.1 of 127.0.0.1 is loopback; set http.allow.private.addresses=true to allow");
        assertThat(lastKind).isEqualTo(FailureKind.ADDRESS_REFUSED);
        assertThat(server.requests("/feed")).isZero();
    }

    /** A redirect to another origin carries no credential of the template's: the one rule of {@link OriginHeaders}. */
    @Test
    void aRedirectToAnotherOriginCarriesNoCredentials() throws Exception {
        Map<String, Map<String, String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        server().on("/start", exchange -> redirect(exchange, "http://localhost:" + server.url("/").getPort() + "/elsewhere"));
        server.on("/elsewhere", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            seen.put("elsewhere", headers);
            LocalHttpServer.send(exchange, 200, "text/xml", FEED);
        });
        AsyncHttpPageFetcher http = fetcher(Map.of());

        FetchResponse response = http.fetch(new FetchRequest(server.url("/start"), Map.of("Authorization", "Bearer t0k3n",
                "X-Api-Key", "k", "Accept-Language", "pt-BR"), null, null)).get(15, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(seen.get("elsewhere")).containsEntry("accept-language", "pt-BR").doesNotContainKeys("authorization", "x-api-key");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefusedWithItsReason() throws Exception {
        server().on("/to-file", exchange -> redirect(exchange, "file:///etc/passwd"));
        server.on("/to-ftp", exchange -> redirect(exchange, "ftp://files.example/feed.xml"));
        AsyncHttpPageFetcher http = fetcher(Map.of());

        assertThat(failure(http, server.url("/to-file"))).isEqualTo("redirect from " + server.url("/to-file")
                + " to file:///etc/passwd not followed: only http and https URLs with a host are");
        assertThat(failure(http, server.url("/to-ftp"))).endsWith("to ftp://files.example/feed.xml not followed: only http and https URLs with a host are");
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedAfterResolution() throws Exception {
        server().on("/go", exchange -> redirect(exchange, "http://internal.test:" + server.port() + "/secret"));
        // Loopback stands in for the public internet here; internal.test resolves to a private address.
        AsyncHttpPageFetcher http = track(new AsyncHttpPageFetcher(config(Map.of()).httpSettings(),
                AddressPolicyTest.resolving(Map.of("internal.test", "10.0.0.5")),
                new AddressPolicy(EnumSet.of(AddressPolicy.Range.LOOPBACK)), null));

        assertThat(failure(http, server.url("/go")))
                .isEqualTo("address 10.0.0.5 of internal.test is private; set http.allow.private.addresses=true to allow");
        assertThat(lastKind).isEqualTo(FailureKind.ADDRESS_REFUSED);
    }

    @Test
    void robotsTxtIsObeyedWhenEnabledAndReadOncePerHost() throws Exception {
        server().on("/robots.txt", exchange -> LocalHttpServer.text(exchange, 200, "User-agent: *\nDisallow: /private\n"))
                .on("/private/feed", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", FEED))
                .on("/public/feed", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", FEED));
        AsyncHttpPageFetcher polite = fetcher(Map.of(FetcherConfig.HTTP_ROBOTS_ENABLED, true));

        assertThat(failure(polite, server.url("/private/feed"))).isEqualTo("blocked by robots.txt");
        assertThat(lastKind).isEqualTo(FailureKind.ROBOTS);
        assertThat(fetch(polite, server.url("/public/feed")).status()).isEqualTo(200);
        assertThat(fetch(polite, server.url("/public/feed")).status()).isEqualTo(200);
        assertThat(server.requests("/private/feed")).isZero();
        assertThat(server.requests("/robots.txt")).isEqualTo(1);

        AsyncHttpPageFetcher ignoring = fetcher(Map.of());
        assertThat(fetch(ignoring, server.url("/private/feed")).status()).isEqualTo(200);
    }

    @Test
    void retryAfterIsReportedAndHoldsFurtherRequestsToTheHost() throws Exception {
        server().on("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "2");
            exchange.sendResponseHeaders(503, -1);
        }).on("/gone-for-long", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
        }).on("/other", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", FEED));
        // Without retries, so that the 503 comes back (with retries its 2 s would be waited out in the fetch).
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 5_000, FetcherConfig.HTTP_RETRIES, 0));

        FetchResponse busy = fetch(http, server.url("/busy"));
        long after = System.nanoTime();
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fetch(http, server.url("/other")).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - after)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));

        assertThat(fetch(http, server.url("/gone-for-long")).retryAfter()).isEqualTo(Duration.ofSeconds(120));
        long start = System.nanoTime();
        assertThat(failure(http, server.url("/other"))).matches("not requested: 127\\.0\\.0\\.1:\\d+ asked us to wait \\(Retry-After\\) 1[12]\\d s more");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void passingFailuresAreRetriedWithinTheFetchAndLastingOnesAreNot() throws Exception {
        AtomicInteger hiccups = new AtomicInteger();
        AtomicInteger shortWaits = new AtomicInteger();
        server().on("/hiccup", exchange -> {
            if (hiccups.incrementAndGet() == 1) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                LocalHttpServer.send(exchange, 200, "text/xml", FEED);
            }
        }).on("/short-wait", exchange -> {
            if (shortWaits.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
            } else {
                LocalHttpServer.send(exchange, 200, "text/xml", FEED);
            }
        }).on("/down", exchange -> exchange.sendResponseHeaders(502, -1))
                .on("/broken", exchange -> exchange.sendResponseHeaders(500, -1))
                .on("/come-back-later", exchange -> {
                    exchange.getResponseHeaders().set("Retry-After", "60");
                    exchange.sendResponseHeaders(503, -1);
                });
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_RETRY_DELAY_MS, 200));

        assertThat(fetch(http, server.url("/hiccup")).status()).isEqualTo(200);
        assertThat(server.requests("/hiccup")).isEqualTo(2);

        long start = System.nanoTime();
        assertThat(fetch(http, server.url("/short-wait")).status()).as("a short Retry-After is waited out").isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(server.requests("/short-wait")).isEqualTo(2);

        assertThat(fetch(http, server.url("/down")).status()).as("still failing after the retries").isEqualTo(502);
        assertThat(server.requests("/down")).as("the first attempt and 2 retries").isEqualTo(3);
        assertThat(fetch(http, server.url("/broken")).status()).isEqualTo(500);
        assertThat(server.requests("/broken")).as("a 500 is the page's own error, not a passing one").isEqualTo(1);

        FetchResponse later = fetch(http, server.url("/come-back-later"));
        assertThat(later.status()).isEqualTo(503);
        assertThat(later.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(server.requests("/come-back-later")).as("a long Retry-After is left to the scheduler").isEqualTo(1);
    }

    @Test
    void requestsBeyondThePooledConnectionsWaitInOurQueueWithinTheirDeadlineAndLeakNoSlot() throws Exception {
        server().on("/slow", feedAfter(1_500)).on("/fast", feedAfter(0));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_MAX_CONNECTIONS, 1, FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 8,
                FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0, FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 5_000,
                FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0));

        CompletableFuture<FetchResponse> slow = http.fetch(new FetchRequest(server.url("/slow"), Map.of(), null, null));
        Thread.sleep(200);
        CompletableFuture<FetchResponse> waiting = http.fetch(new FetchRequest(server.url("/fast"), Map.of(), null, null,
                Duration.ofMillis(500)));
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(FetchException.class)
                .hasMessageContaining("still waiting for one of the 1 connections (http.max.connections)");

        assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(fetch(http, server.url("/fast")).status()).as("the given-up slot went back").isEqualTo(200);
        assertThat(server.requests("/fast")).as("the request that gave up never reached the server").isEqualTo(1);
    }

    @Test
    void twoEnginesSharingASiteMakeItsBudgetTogether() throws Exception {
        server().on("/feed", feedAfter(0));
        String site = Sites.of(server.url("/feed"));
        // Two fetchers that want 10 requests per second each of a site whose budget is 10 over the cluster: 5 each.
        SiteShares first = new SiteShares(10, "first", Duration.ofMinutes(1), Clock.systemUTC());
        SiteShares second = new SiteShares(10, "second", Duration.ofMinutes(1), Clock.systemUTC());
        first.planned(Map.of(site, 10.0));
        second.planned(Map.of(site, 10.0));
        first.claims("second", second.measure(), Instant.now().plusSeconds(60));
        second.claims("first", first.measure(), Instant.now().plusSeconds(60));
        HttpSettings settings = config(Map.of(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 10)).httpSettings();
        AsyncHttpPageFetcher a = track(new AsyncHttpPageFetcher(settings, SystemDefaultDnsResolver.INSTANCE, AddressPolicy.ANY, null, first));
        AsyncHttpPageFetcher b = track(new AsyncHttpPageFetcher(settings, SystemDefaultDnsResolver.INSTANCE, AddressPolicy.ANY, null, second));

        List<CompletableFuture<FetchResponse>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(a.fetch(new FetchRequest(server.url("/feed"), Map.of(), null, null)));
            all.add(b.fetch(new FetchRequest(server.url("/feed"), Map.of(), null, null)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        // Each at 5 per second, the twelve span at least a second; each taking the whole budget, they would come within half of one.
        List<Long> arrivals = server.arrivals();
        assertThat(arrivals).hasSize(12);
        assertThat(Duration.ofNanos(arrivals.get(11) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aRequestWaitingForItsSiteBeyondItsDeadlineSaysSo() throws Exception {
        server().on("/feed", feedAfter(0));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0.2));
        assertThat(fetch(http, server.url("/feed")).status()).isEqualTo(200);

        CompletableFuture<FetchResponse> next = http.fetch(new FetchRequest(server.url("/feed"), Map.of(), null, null, Duration.ofMillis(300)));

        assertThatThrownBy(() -> next.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(FetchException.class)
                .hasMessageContaining("waiting for a turn at site " + Sites.of(server.url("/feed")))
                .hasMessageContaining(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND);
        assertThat(server.requests("/feed")).isEqualTo(1);
    }

    @Test
    void oneHostGetsAtMostItsConcurrencyAndItsStartsAreSpaced() throws Exception {
        server().on("/slow", feedAfter(100));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 1, FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 200));

        List<CompletableFuture<FetchResponse>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(http.fetch(new FetchRequest(server.url("/slow"), Map.of(), null, null)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(server.maxInFlight()).isEqualTo(1);
        // Starts are 200 ms apart at the gate; arrivals at the server jitter (a connect, a busy
        // machine), so the margins are wide: without the gate they would come within a few ms.
        List<Long> arrivals = server.arrivals();
        assertThat(arrivals).hasSize(4);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        }
        assertThat(Duration.ofNanos(arrivals.get(3) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void hundredsOfRequestsInFlightUseAFixedHandfulOfThreads() throws Exception {
        server().on("/wait", exchange -> {
            Thread.sleep(1_500);
            LocalHttpServer.send(exchange, 200, "text/xml", FEED);
        });
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 1_000, FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0,
                FetcherConfig.HTTP_MAX_CONNECTIONS_PER_HOST, 1_000, FetcherConfig.HTTP_RESPONSE_TIMEOUT_MS, 10_000,
                FetcherConfig.HTTP_CONNECT_TIMEOUT_MS, 10_000, FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 20_000, FetcherConfig.HTTP_IO_THREADS, 2,
                FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0));

        List<CompletableFuture<FetchResponse>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(http.fetch(new FetchRequest(URI.create(server.url("/wait") + "?n=" + i), Map.of(), null, null)));
        }
        Thread.sleep(1_000);
        long clientThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("httpclient-") || t.getName().startsWith("http-")).count();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(server.maxInFlight()).isGreaterThan(200);
        assertThat(clientThreads).isLessThanOrEqualTo(8);
        assertThat(all).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(200));
    }

    @Test
    void aServerThatDripsOneByteAtATimeIsCutOffByTheDeadline() throws Exception {
        CompletableFuture<Long> hungUp = new CompletableFuture<>();
        RawSocketServer drip = track(new RawSocketServer(socket -> {
            RawSocketServer.readRequestHead(socket);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 1000; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (java.io.IOException e) {
                hungUp.complete(System.nanoTime());
            }
        }));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 1_500));

        long start = System.nanoTime();
        assertThat(failure(http, drip.url("/feed")))
                .isEqualTo("no complete response within 1500 ms (http.request.deadline.ms); still receiving the response of " + drip.url("/feed"));
        assertThat(lastKind).isEqualTo(FailureKind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        // The connection is closed, not left to drip on.
        assertThat(Duration.ofNanos(hungUp.get(10, TimeUnit.SECONDS) - start)).isLessThan(Duration.ofSeconds(4));
    }

    /**
     * One endless header line, and header lines without end: each fails its own fetch at the
     * configured limits (before the heap fills and the I/O reactor dies) and the engine goes on
     * serving other fetches.
     */
    @Test
    void anEndlessResponseHeaderFailsItsFetchAndNothingElse() throws Exception {
        byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        AtomicLong sent = new AtomicLong();
        RawSocketServer endlessLine = track(new RawSocketServer(socket -> {
            RawSocketServer.readRequestHead(socket);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Endless: ".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100_000; i++) { // 800 MB at most; the client hangs up long before
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        }));
        RawSocketServer endlessLines = track(new RawSocketServer(socket -> {
            RawSocketServer.readRequestHead(socket);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10_000_000; i++) {
                out.write(("X-Header-" + i + ": value\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }));
        server().on("/feed", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8)));
        AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_MAX_HEADER_LINE_BYTES, 16_384, FetcherConfig.HTTP_MAX_HEADER_COUNT, 128));

        assertThat(failure(http, endlessLine.url("/feed"))).startsWith("malformed HTTP response from 127.0.0.1:")
                .contains("line length");
        assertThat(sent.get()).as("bytes the server got to send before the client hung up").isLessThan(64L * 1024 * 1024);
        assertThat(failure(http, endlessLines.url("/feed"))).startsWith("malformed HTTP response from 127.0.0.1:")
                .contains("header count");
        assertThat(fetch(http, server.url("/feed")).status()).isEqualTo(200);
        assertThat(http.failure()).isEmpty();
    }

    /**
     * An I/O reactor that stops (as it does when one of its threads meets an OutOfMemoryError) fails
     * every later fetch: the engine reports it as the instance's failure, so that the instance exits
     * and its sources move (issue 12 §4). The reactor is stopped here as that error would stop it.
     */
    @Test
    void anIoReactorThatStopsIsTheInstancesFailureAndFailsFetchesClearly() throws Exception {
        server().on("/feed", exchange -> LocalHttpServer.send(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8)));
        AsyncHttpPageFetcher http = fetcher(Map.of());
        assertThat(fetch(http, server.url("/feed")).status()).isEqualTo(200);
        assertThat(http.failure()).isEmpty();

        var field = AsyncHttpPageFetcher.class.getDeclaredField("client");
        field.setAccessible(true);
        ((org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient) field.get(http)).initiateShutdown();

        assertThat(http.failure()).hasValueSatisfying(reason -> assertThat(reason).startsWith("the HTTP engine's I/O reactor is shut"));
        assertThat(failure(http, server.url("/feed"))).isNotBlank();
    }

    @Test
    void garbageInsteadOfHttpAndResetConnectionsAreRecordedErrors() throws Exception {
        RawSocketServer garbage = track(new RawSocketServer(socket -> {
            RawSocketServer.readRequestHead(socket);
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }));
        RawSocketServer reset = track(new RawSocketServer(socket -> {
            RawSocketServer.readRequestHead(socket);
            socket.setSoLinger(true, 0);
        }));
        AsyncHttpPageFetcher http = fetcher(Map.of());

        assertThat(failure(http, garbage.url("/feed"))).startsWith("malformed HTTP response from 127.0.0.1:");
        assertThat(lastKind).isEqualTo(FailureKind.PROTOCOL);
        assertThat(failure(http, reset.url("/feed")))
                .matches("connection (reset|closed) by 127\\.0\\.0\\.1:\\d+( before the response was complete)?");
    }

    @Test
    void aConnectionThatIsNeverAcceptedTimesOut() throws Exception {
        // A listening socket whose accept queue is full drops further SYNs: the connect hangs.
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (java.io.IOException e) {
                        filler.close();
                        break;
                    }
                }
                AsyncHttpPageFetcher http = fetcher(Map.of(FetcherConfig.HTTP_CONNECT_TIMEOUT_MS, 500));
                String error = failure(http, URI.create("http://127.0.0.1:" + full.getLocalPort() + "/feed"));
                assertThat(error).isEqualTo("connect to 127.0.0.1:" + full.getLocalPort() + " timed out after 500 ms");
                assertThat(lastKind).isEqualTo(FailureKind.TIMEOUT);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aRefusedConnectionAndAnUnknownHostAreRecordedErrors() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        AsyncHttpPageFetcher http = fetcher(Map.of());

        assertThat(failure(http, URI.create("http://127.0.0.1:" + closedPort + "/"))).isEqualTo("connection to 127.0.0.1:" + closedPort + " refused");
        assertThat(lastKind).isEqualTo(FailureKind.NETWORK);
        assertThat(failure(http, URI.create("http://no-such-host.invalid/"))).isEqualTo("unknown host no-such-host.invalid");
        assertThat(lastKind).isEqualTo(FailureKind.NETWORK);
    }

    // --- fixtures

    /** Answers with the feed after {@code millis}. */
    private static LocalHttpServer.Handler feedAfter(long millis) {
        return exchange -> {
            Thread.sleep(millis);
            LocalHttpServer.send(exchange, 200, "text/xml", FEED);
        };
    }

    private LocalHttpServer server() throws Exception {
        server = track(new LocalHttpServer());
        return server;
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    static FetcherConfig config(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, true);
        settings.put(FetcherConfig.HTTP_CONNECT_TIMEOUT_MS, 2_000);
        settings.put(FetcherConfig.HTTP_RESPONSE_TIMEOUT_MS, 2_000);
        settings.put(FetcherConfig.HTTP_REQUEST_DEADLINE_MS, 5_000);
        settings.put(FetcherConfig.HTTP_HOST_MIN_DELAY_MS, 0);
        settings.put(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, 0);
        settings.put(FetcherConfig.HTTP_HOST_MAX_CONCURRENT, 4);
        settings.put(FetcherConfig.HTTP_IO_THREADS, 2);
        settings.putAll(overrides);
        return new FetcherConfig(settings);
    }

    private AsyncHttpPageFetcher fetcher(Map<String, Object> overrides) {
        return track(new AsyncHttpPageFetcher(config(overrides).httpSettings(), SystemDefaultDnsResolver.INSTANCE, AddressPolicy.ANY, null));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(0, closeable);
        return closeable;
    }

    private static FetchResponse fetch(PageFetcher http, URI url) throws Exception {
        return http.fetch(new FetchRequest(url, Map.of(), null, null)).get(15, TimeUnit.SECONDS);
    }

    /** The message of the fetch's failure; its kind is then in {@link #lastKind}. */
    private String failure(PageFetcher http, URI url) {
        CompletableFuture<FetchResponse> result = http.fetch(new FetchRequest(url, Map.of(), null, null));
        assertThatThrownBy(() -> result.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FetchException.class);
        FetchException error = (FetchException) result.handle((response, e) -> FetchFailures.unwrap(e)).join();
        lastKind = error.kind();
        return error.getMessage();
    }
}
