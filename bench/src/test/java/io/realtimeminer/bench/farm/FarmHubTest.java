package io.realtimeminer.bench.farm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.realtimeminer.push.HubSignature;
import io.realtimeminer.template.SourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The farm's WebSub hub against a subscriber in the test: Link headers on the feeds behind it,
 * intent verification before anything is delivered, each posting pushed signed with the
 * subscriber's secret, unsubscription, and requests it must refuse.
 */
class FarmHubTest {

    /** What the subscriber in the test saw: one verification or one notification. */
    private record Seen(String method, String query, String body, Map<String, List<String>> headers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile boolean echo = true;
    private SourceFarm farm;
    private HttpServer subscriber;

    private void start(double pushShare) throws IOException {
        // Feeds only, an item every second each, answered at once.
        FarmSettings settings = FarmSettings.defaults().withSources(4).withMix(Map.of(SourceKind.FEED, 1))
                .withLatency(Duration.ZERO, Duration.ZERO).withErrorRate(0).withItems(Duration.ofSeconds(1), FarmSettings.Arrivals.FIXED, 5)
                .withPushShare(pushShare);
        farm = SourceFarm.start(settings, 0);
        subscriber = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        subscriber.createContext("/", this::subscriberAnswers);
        subscriber.start();
    }

    private void subscriberAnswers(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), query, body, Map.copyOf(exchange.getRequestHeaders())));
            String challenge = query == null ? "" : FarmHub.form(query).getOrDefault("hub.challenge", "");
            byte[] answer = ("GET".equals(exchange.getRequestMethod()) && echo ? challenge : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.length == 0 && "GET".equals(exchange.getRequestMethod()) ? 404 : 200,
                    answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @AfterEach
    void stop() {
        if (farm != null) {
            farm.close();
        }
        if (subscriber != null) {
            subscriber.stop(0);
        }
    }

    @Test
    void aFeedBehindTheHubNamesItAndItselfAndOthersDoNot() throws Exception {
        start(0.5);
        FarmLayout layout = farm.layout();
        List<Integer> pushed = java.util.stream.IntStream.range(0, 4).filter(layout::pushed).boxed().toList();
        assertThat(pushed).as("half the feed timelines").hasSize(2);

        for (int n = 0; n < 4; n++) {
            HttpResponse<String> feed = http.send(HttpRequest.newBuilder(layout.url(n)).build(), HttpResponse.BodyHandlers.ofString());
            if (pushed.contains(n)) {
                assertThat(feed.headers().firstValue("Link")).hasValue("<" + layout.hub() + ">; rel=\"hub\", <" + layout.url(n) + ">; rel=\"self\"");
            } else {
                assertThat(feed.headers().firstValue("Link")).isEmpty();
            }
        }
    }

    @Test
    void aVerifiedSubscriberGetsEachPostingSignedWithItsSecretUntilItUnsubscribes() throws Exception {
        start(1);
        FarmLayout layout = farm.layout();
        URI callback = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/cb/0?token=abc");

        assertThat(hub("subscribe", layout.url(0), callback, "s3cret", 60).statusCode()).isEqualTo(202);

        await().atMost(10, TimeUnit.SECONDS).until(() -> seen.stream().anyMatch(s -> s.method().equals("GET")));
        Map<String, String> verification = FarmHub.form(seen.get(0).query());
        assertThat(verification).containsEntry("token", "abc").containsEntry("hub.mode", "subscribe")
                .containsEntry("hub.topic", layout.url(0).toString()).containsEntry("hub.lease_seconds", "60").containsKey("hub.challenge");

        await().atMost(10, TimeUnit.SECONDS).until(() -> notifications().size() >= 2);
        for (Seen notification : notifications()) {
            byte[] body = notification.body().getBytes(StandardCharsets.UTF_8);
            assertThat(notification.headers().get("X-hub-signature")).containsExactly(HubSignature.sign("sha256", "s3cret", body));
            assertThat(HubSignature.valid(notification.headers().get("X-hub-signature").get(0), "s3cret", body)).isTrue();
            assertThat(notification.headers().get("Content-type")).first().asString().startsWith("application/rss+xml");
            assertThat(notification.body()).contains("/story/0/");
        }
        // Each notification carries the item posted just before it: the newest differs from one to the next.
        List<String> newest = notifications().stream().map(n -> n.body().replaceAll("(?s).*?(/story/0/\\d+).*", "$1")).toList();
        assertThat(newest.get(1)).isNotEqualTo(newest.get(0));
        assertThat(farm.hubCounts().subscribed()).isEqualTo(1);
        assertThat(farm.hubCounts().active()).isEqualTo(1);

        assertThat(hub("unsubscribe", layout.url(0), callback, null, 0).statusCode()).isEqualTo(202);
        await().atMost(10, TimeUnit.SECONDS).until(() -> farm.hubCounts().unsubscribed() == 1);
        assertThat(farm.hubCounts().active()).isZero();
        int after = notifications().size();
        Thread.sleep(2_500);
        assertThat(notifications()).as("no more after the unsubscription").hasSize(after);
    }

    @Test
    void aSubscriberThatDoesNotEchoTheChallengeGetsNothing() throws Exception {
        start(1);
        echo = false;
        URI callback = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/cb/1");

        assertThat(hub("subscribe", farm.layout().url(1), callback, "s3cret", 60).statusCode()).isEqualTo(202);

        await().atMost(10, TimeUnit.SECONDS).until(() -> farm.hubCounts().refused() == 1);
        Thread.sleep(2_000);
        assertThat(notifications()).isEmpty();
        assertThat(farm.hubCounts().active()).isZero();
    }

    @Test
    void requestsTheHubCannotServeAreRefusedWithTheReason() throws Exception {
        start(0.5);
        FarmLayout layout = farm.layout();
        int notPushed = java.util.stream.IntStream.range(0, 4).filter(n -> !layout.pushed(n)).findFirst().orElseThrow();
        URI callback = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/cb");

        HttpResponse<String> other = hub("subscribe", layout.url(notPushed), callback, null, 60);
        HttpResponse<String> elsewhere = hub("subscribe", URI.create("https://example.com/feed"), callback, null, 60);
        HttpResponse<String> noMode = hub("watch", layout.url(0), callback, null, 60);
        HttpResponse<String> badCallback = hub("subscribe", layout.url(0), URI.create("ftp://127.0.0.1/cb"), null, 60);

        assertThat(List.of(other, elsewhere, noMode, badCallback)).extracting(HttpResponse::statusCode).containsOnly(400);
        assertThat(other.body()).contains("does not serve the topic");
        assertThat(noMode.body()).contains("hub.mode");
        assertThat(badCallback.body()).contains("hub.callback");
        assertThat(seen).as("nothing verified").isEmpty();
        assertThat(http.send(HttpRequest.newBuilder(layout.hub()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    private List<Seen> notifications() {
        return seen.stream().filter(s -> s.method().equals("POST")).toList();
    }

    private HttpResponse<String> hub(String mode, URI topic, URI callback, String secret, long lease) throws Exception {
        String form = "hub.mode=" + mode + "&hub.topic=" + encode(topic.toString()) + "&hub.callback=" + encode(callback.toString())
                + (secret == null ? "" : "&hub.secret=" + encode(secret)) + (lease > 0 ? "&hub.lease_seconds=" + lease : "");
        return http.send(HttpRequest.newBuilder(farm.layout().hub()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
