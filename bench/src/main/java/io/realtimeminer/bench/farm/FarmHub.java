package io.realtimeminer.bench.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.realtimeminer.push.HubSignature;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The farm's WebSub hub (W3C Recommendation, sections 5 to 7) for the feeds that name it (see
 * {@link FarmLayout#pushed}): takes subscription requests at {@link #PATH}, answers 202 and
 * verifies the subscriber's intent with a GET to its callback (the challenge echoed, within
 * {@link #VERIFY_TIMEOUT}); then, at each item's posting time, POSTs the feed as it shows that
 * moment to every verified callback of the topic, signed with its {@code hub.secret}
 * ({@code X-Hub-Signature: sha256=...}). A hub whose subscribers are the fetchers under test:
 * what they are told is when the farm posts, so a pushed item's freshness is the pipeline's alone.
 */
public final class FarmHub implements AutoCloseable {

    static final String PATH = "/_hub";
    static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_LEASE_SECONDS = 864_000;
    private static final int MAX_FORM_BYTES = 16 * 1024;

    /** A verified subscription: deliveries go to {@code callback}, signed with {@code secret} (none: unsigned). */
    record Subscription(int source, URI callback, String secret, long expiresAtMillis) {
    }

    /** What the hub did so far: verified (un)subscriptions, refused requests and verifications, deliveries, subscriptions now. */
    public record Counts(long subscribed, long unsubscribed, long refused, long delivered, long deliveryFailed, int active) {

        private static final ObjectMapper JSON = new ObjectMapper();

        public static Counts fromJson(String json) {
            try {
                return JSON.readValue(json, Counts.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final SourceFarm farm;
    private final FarmLayout layout;
    private final ScheduledExecutorService scheduler;
    private final HttpClient client;
    private final SecureRandom random = new SecureRandom();
    /** Verified subscriptions by source, then by callback. */
    private final Map<Integer, Map<URI, Subscription>> subscriptions = new ConcurrentHashMap<>();
    /** The sources whose next posting is scheduled for delivery. */
    private final Set<Integer> scheduled = ConcurrentHashMap.newKeySet();
    private final LongAdder subscribed = new LongAdder();
    private final LongAdder unsubscribed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deliveryFailed = new LongAdder();

    FarmHub(SourceFarm farm, ScheduledExecutorService scheduler) {
        this.farm = farm;
        this.layout = farm.layout();
        this.scheduler = scheduler;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Counts counts() {
        int active = subscriptions.values().stream().mapToInt(Map::size).sum();
        return new Counts(subscribed.sum(), unsubscribed.sum(), refused.sum(), delivered.sum(), deliveryFailed.sum(), active);
    }

    /** A subscription request (POST, form-encoded): 202 and a verification later, or 4xx with the reason. */
    void handle(HttpExchange exchange) {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "a hub takes subscription requests by POST");
                return;
            }
            Map<String, String> form;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
                if (body.length > MAX_FORM_BYTES) {
                    refused.increment();
                    answer(exchange, 413, "request too large");
                    return;
                }
                form = form(new String(body, StandardCharsets.UTF_8));
            }
            String refusal = request(form);
            if (refusal != null) {
                refused.increment();
                answer(exchange, 400, refusal);
                return;
            }
            answer(exchange, 202, "");
        } catch (IOException e) {
            // The subscriber went away; it retries.
        }
    }

    /** Checks a request and starts its verification; the reason it is refused, or null. */
    private String request(Map<String, String> form) {
        String mode = form.get("hub.mode");
        if (!"subscribe".equals(mode) && !"unsubscribe".equals(mode)) {
            return "hub.mode must be subscribe or unsubscribe";
        }
        URI topic;
        URI callback;
        try {
            topic = URI.create(form.getOrDefault("hub.topic", ""));
            callback = URI.create(form.getOrDefault("hub.callback", ""));
        } catch (IllegalArgumentException e) {
            return "hub.topic and hub.callback must be URLs";
        }
        int n = layout.sourceOf(topic);
        if (n < 0 || !layout.pushed(n)) {
            return "this hub does not serve the topic " + topic;
        }
        if (callback.getHost() == null || !("http".equals(callback.getScheme()) || "https".equals(callback.getScheme()))) {
            return "hub.callback must be an http or https URL";
        }
        String secret = form.get("hub.secret");
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= 200) {
            return "hub.secret must be shorter than 200 bytes";
        }
        long lease = Math.min(MAX_LEASE_SECONDS, parseLease(form.get("hub.lease_seconds")));
        scheduler.execute(() -> verify(mode, n, topic, callback, secret, lease));
        return null;
    }

    /** Section 5.3: the subscriber must echo the challenge, or the request has no effect. */
    private void verify(String mode, int n, URI topic, URI callback, String secret, long lease) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String challenge = HexFormat.of().formatHex(bytes);
        String query = "hub.mode=" + mode + "&hub.topic=" + encode(topic.toString()) + "&hub.challenge=" + challenge
                + ("subscribe".equals(mode) ? "&hub.lease_seconds=" + lease : "");
        URI check = URI.create(callback + (callback.getRawQuery() == null ? "?" : "&") + query);
        HttpRequest request = HttpRequest.newBuilder(check).timeout(VERIFY_TIMEOUT).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() / 100 != 2 || !challenge.equals(response.body())) {
                refused.increment();
                return;
            }
            if ("unsubscribe".equals(mode)) {
                Map<URI, Subscription> of = subscriptions.get(n);
                if (of != null && of.remove(callback) != null) {
                    unsubscribed.increment();
                }
                return;
            }
            subscriptions.computeIfAbsent(n, k -> new ConcurrentHashMap<>())
                    .put(callback, new Subscription(n, callback, secret, farm.clock().millis() + lease * 1000));
            subscribed.increment();
            if (scheduled.add(n)) {
                scheduleNext(n);
            }
        });
    }

    /** Delivers source {@code n}'s next item when it is posted, then the one after, for as long as it has subscribers. */
    private void scheduleNext(int n) {
        if (scheduler.isShutdown()) {
            return;
        }
        long now = farm.clock().millis();
        long next = farm.source(n).nextArrival(now);
        scheduler.schedule(() -> {
            try {
                deliver(n);
            } finally {
                scheduleNext(n);
            }
        }, Math.max(0, next - now), TimeUnit.MILLISECONDS);
    }

    /** Section 7: the topic's content as it is now, to every subscriber whose lease runs. */
    private void deliver(int n) {
        Map<URI, Subscription> of = subscriptions.get(n);
        if (of == null || of.isEmpty()) {
            return;
        }
        long now = farm.clock().millis();
        of.values().removeIf(s -> s.expiresAtMillis() <= now);
        FarmSource source = farm.source(n);
        FarmSource.View view = source.view(now);
        FarmResponse page = farm.routes().listPage(source, layout.kind(n), n, view, view.newestMillis(farm.startedAt().toEpochMilli()));
        String contentType = page.headers().getOrDefault("Content-Type", "application/xml");
        for (Subscription subscription : List.copyOf(of.values())) {
            HttpRequest.Builder request = HttpRequest.newBuilder(subscription.callback()).timeout(DELIVERY_TIMEOUT)
                    .header("Content-Type", contentType)
                    .header("Link", layout.hubLinks(n))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(page.body()));
            if (subscription.secret() != null) {
                request.header(HubSignature.HEADER, HubSignature.sign("sha256", subscription.secret(), page.body()));
            }
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    delivered.increment();
                } else {
                    deliveryFailed.increment();
                    if (error == null && response.statusCode() == 410) {
                        // Gone (section 8): the subscriber asks for no more.
                        of.remove(subscription.callback());
                    }
                }
            });
        }
    }

    private static long parseLease(String text) {
        try {
            long lease = text == null ? MAX_LEASE_SECONDS : Long.parseLong(text.trim());
            return lease > 0 ? lease : MAX_LEASE_SECONDS;
        } catch (NumberFormatException e) {
            return MAX_LEASE_SECONDS;
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String reason) throws IOException {
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        subscriptions.clear();
    }
}
