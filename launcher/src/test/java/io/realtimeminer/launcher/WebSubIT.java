package io.realtimeminer.launcher;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.control.ControlSettings;
import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.InstanceContext;
import io.realtimeminer.push.HubSignature;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.status.StatusSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSub with a hub that follows the Recommendation ({@link TestHub}), a fetcher and the control
 * plane of another instance taking the callbacks: the fetcher finds the hub in the feed
 * ({@code atom:link rel="hub"} and {@code rel="self"}), subscribes with a lease and a secret, the
 * hub verifies the intent on the callback (answered by the other instance, which tells the owner),
 * and a signed notification makes the owner poll at once: a story posted on a source polled every
 * ten minutes is stored within seconds. Every signature method is taken; a forged or missing one is
 * refused (403); a callback for another topic is not confirmed (404); deleting the source
 * unsubscribes it, confirmed by the callback, and its callback answers 410 from then on. A hub that
 * goes silent is demoted once the backup polls found the new items first (the source's status says
 * so in PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class WebSubIT {

    private static final String SOURCE = "websub-news";
    private static final String SILENT = "websub-silent";
    private static final String KEY = "the cluster's websub key, 16+ characters";
    private RunningPipeline running;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
    }

    @Test
    void aHubThatPushesMakesANewStoryStoredWithinSecondsOnASourcePolledEveryTenMinutes() throws Exception {
        List<String> items = new CopyOnWriteArrayList<>(List.of("first"));
        try (TestHub hub = new TestHub(); Feed feed = new Feed(hub.url(), items);
             ControlPlane callbacks = controlPlane();
             Fetcher fetcher = fetcher(URI.create(callbacks.url()));
             TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
            templates.put(SOURCE, "{\"url\":\"" + feed.url() + "\",\"kind\":\"feed\",\"interval\":\"PT10M\",\"pool\":\"websub\"}");

            // Discovered at the first poll, subscribed, verified by the other instance's callback.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> hub.subscription(feed.self()).isPresent());
            TestHub.Subscription subscription = hub.subscription(feed.self()).orElseThrow();
            Map<String, String> asked = hub.requests().get(0);
            assertThat(asked).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", feed.self())
                    .containsEntry("hub.lease_seconds", "86400");
            assertThat(asked.get("hub.secret").length()).isBetween(16, 199);
            assertThat(subscription.callback().toString()).startsWith(callbacks.url() + "/websub/" + SOURCE + "/");
            await().atMost(Duration.ofSeconds(30)).until(() -> storedUrls().contains(feed.link("first")));

            // websub.rocks 205: a verification for another topic on a real callback is not confirmed.
            assertThat(hub.verify(subscription.callback(), "subscribe", "https://elsewhere.example/feed", 600).status()).isEqualTo(404);
            // A callback this cluster did not make.
            URI forgedCallback = URI.create(subscription.callback().toString().replaceFirst(".$", "x"));
            assertThat(hub.verify(forgedCallback, "subscribe", feed.self(), 600).status()).isEqualTo(404);

            // websub.rocks 301/302: a wrong signature, or none, is refused and polls nothing.
            byte[] body = feed.body();
            assertThat(hub.deliver(subscription.callback(), "application/rss+xml", body, HubSignature.sign("sha256", "not the secret", body)))
                    .isEqualTo(403);
            assertThat(hub.deliver(subscription.callback(), "application/rss+xml", body, null)).isEqualTo(403);

            // A story posted, the hub notified: stored within seconds, though the source is polled every ten minutes.
            items.add("pushed");
            Instant posted = Instant.now();
            assertThat(hub.publish(feed.self(), "application/rss+xml", feed.body(), "sha256")).containsExactly(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> storedUrls().contains(feed.link("pushed")));
            Duration fresh = Duration.between(posted, Instant.now());
            System.out.printf("WebSubIT: notified -> stored in %d ms%n", fresh.toMillis());
            assertThat(fresh).isLessThan(Duration.ofSeconds(30));

            // Every method of the Recommendation (websub.rocks 300).
            for (String method : List.of("sha1", "sha384", "sha512")) {
                items.add(method);
                assertThat(hub.publish(feed.self(), "application/rss+xml", feed.body(), method)).as(method).containsExactly(202);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> storedUrls().containsAll(List.of(feed.link("sha1"), feed.link("sha384"), feed.link("sha512"))));

            // Every one of them came by the hub: the source stays pushed, its status counts them.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> pushedItems(SOURCE) >= 4);
            assertThat(pushState(SOURCE)).isEqualTo("active");

            // Deleted: unsubscribed at the hub, confirmed by the callback; a late notification is told the subscription is gone.
            templates.delete(SOURCE);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> hub.subscription(feed.self()).isEmpty());
            assertThat(hub.verifications()).filteredOn(v -> v.mode().equals("unsubscribe")).extracting(TestHub.Verification::echoed)
                    .containsExactly(true);
            assertThat(hub.deliver(subscription.callback(), "application/rss+xml", body, HubSignature.sign("sha256", subscription.secret(), body)))
                    .isEqualTo(410);

            // A hub that takes subscriptions and never delivers: the backup polls find every new item first, and it is demoted.
            hub.goSilent();
            List<String> quiet = new CopyOnWriteArrayList<>(List.of("q0"));
            try (Feed silentFeed = new Feed(hub.url(), quiet)) {
                templates.put(SILENT, "{\"url\":\"" + silentFeed.url() + "\",\"kind\":\"feed\",\"interval\":\"PT2S\",\"pool\":\"websub\"}");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> "active".equals(pushState(SILENT)));
                for (String story : List.of("q1", "q2", "q3")) {
                    quiet.add(story);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> storedUrls(SILENT).contains(silentFeed.link(story)));
                }
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> "demoted".equals(pushState(SILENT)));
                templates.delete(SILENT);
            }
        }
    }

    /** The push_items_pushed of a source's status row, or -1. */
    private long pushedItems(String sourceId) throws Exception {
        try (Connection db = running.db(); var st = db.prepareStatement("select push_items_pushed from source_status where source_id = ?")) {
            st.setString(1, sourceId);
            try (ResultSet rows = st.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    /** The push_state of a source's status row, or null. */
    private String pushState(String sourceId) throws Exception {
        try (Connection db = running.db(); var st = db.prepareStatement("select push_state from source_status where source_id = ?")) {
            st.setString(1, sourceId);
            try (ResultSet rows = st.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private ControlPlane controlPlane() {
        StackEndpoints endpoints = running.endpoints();
        Map<String, Object> settings = new HashMap<>(endpoints.kafkaClientSettings());
        settings.put(ControlSettings.HOST, "127.0.0.1");
        settings.put(ControlSettings.PORT, "0");
        // This instance only takes callbacks: its key is what counts (the base URL is the fetcher's to give).
        settings.put(PushSettings.CALLBACK_BASE_URL, "http://127.0.0.1");
        settings.put(PushSettings.KEY, KEY);
        // The API judges templates as the fetchers do: with their settings.
        settings.put(FetcherConfig.MIN_INTERVAL_MS, "1000");
        return InstanceControl.start(settings, endpoints.kafkaClients(), endpoints.registryUrl(), "websub-callbacks", Map.of());
    }

    private Fetcher fetcher(URI callbackBase) {
        StackEndpoints endpoints = running.endpoints();
        Map<String, Object> settings = new HashMap<>(endpoints.kafkaClientSettings());
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, endpoints.bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, endpoints.registryUrl());
        settings.put(FetcherConfig.POOL, "websub");
        settings.put(FetcherConfig.MIN_INTERVAL_MS, "1000");
        settings.put(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true");
        settings.put(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, "0");
        settings.put(FetcherConfig.HTTP_HOST_MIN_DELAY_MS, "0");
        settings.put(PushSettings.CALLBACK_BASE_URL, callbackBase.toString());
        settings.put(PushSettings.KEY, KEY);
        // Never more often than a template asks: the ten-minute source stays at ten minutes, the silent hub's source at 3 s.
        settings.put(PushSettings.BACKUP_INTERVAL_MS, "3000");
        InstanceContext context = new InstanceContext(new StatusSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new SimpleMeterRegistry(), null);
        return new Fetcher(new FetcherConfig(settings), result -> { }, context).start();
    }

    private List<String> storedUrls() throws Exception {
        return storedUrls(SOURCE);
    }

    private List<String> storedUrls(String sourceId) throws Exception {
        List<String> urls = new java.util.ArrayList<>();
        try (Connection db = running.db(); var st = db.prepareStatement("select url from items where source_id = ?")) {
            st.setString(1, sourceId);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    urls.add(rows.getString(1));
                }
            }
        }
        return urls;
    }

    /** An RSS feed naming its hub and itself ({@code atom:link}), its items the names given, newest first. */
    private static final class Feed implements AutoCloseable {

        private final HttpServer server;
        private final URI hub;
        private final List<String> items;

        Feed(URI hub, List<String> items) throws Exception {
            this.hub = hub;
            this.items = items;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/feed", exchange -> {
                try (exchange) {
                    byte[] bytes = body();
                    exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
        }

        String self() {
            return url() + "?format=rss";
        }

        String link(String item) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/stories/" + item;
        }

        byte[] body() {
            StringBuilder rss = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
                    + "<channel><title>News</title><link>" + url() + "</link>"
                    + "<atom:link rel=\"self\" href=\"" + self() + "\"/><atom:link rel=\"hub\" href=\"" + hub + "\"/>");
            for (int i = items.size() - 1; i >= 0; i--) {
                rss.append("<item><title>").append(items.get(i)).append("</title><link>").append(link(items.get(i)))
                        .append("</link><guid>").append(link(items.get(i))).append("</guid></item>");
            }
            return rss.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
