package io.realtimeminer.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.realtimeminer.push.HubSignature;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSub hub as the W3C Recommendation describes it, for tests: it takes subscription requests
 * (form POST: {@code hub.callback}, {@code hub.mode}, {@code hub.topic}, {@code hub.lease_seconds},
 * {@code hub.secret} under 200 bytes), verifies the subscriber's intent on the callback with a
 * random challenge before it answers 202 (synchronously, as websub.rocks does), and delivers a
 * topic's content to its verified subscribers signed with their secret. It can also forge, deny
 * and go silent.
 */
final class TestHub implements AutoCloseable {

    /** A verified subscription. */
    record Subscription(String topic, URI callback, String secret, long leaseSeconds) {
    }

    /** What a verification answered. */
    record Verification(String mode, String topic, URI callback, int status, boolean echoed) {
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<URI, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Verification> verifications = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    TestHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::request);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The subscription requests received, as their forms. */
    List<Map<String, String>> requests() {
        return requests;
    }

    List<Verification> verifications() {
        return verifications;
    }

    Optional<Subscription> subscription(String topic) {
        return subscriptions.values().stream().filter(s -> s.topic().equals(topic)).findFirst();
    }

    /** Takes pings from now on, and delivers nothing (a hub that "accepts pings and never delivers"). */
    void goSilent() {
        silent = true;
    }

    /** Delivers {@code body} to every verified subscriber of {@code topic}, signed with {@code method}; their answers' statuses. */
    List<Integer> publish(String topic, String contentType, byte[] body, String method) throws Exception {
        if (silent) {
            return List.of();
        }
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (s.topic().equals(topic)) {
                statuses.add(deliver(s.callback(), contentType, body, HubSignature.sign(method, s.secret(), body)));
            }
        }
        return statuses;
    }

    /** POSTs {@code body} to {@code callback} with the signature header given (null: none). */
    int deliver(URI callback, String contentType, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(callback).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("Link", "<" + url() + ">; rel=\"hub\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(HubSignature.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Asks {@code callback} to confirm {@code mode} of {@code topic}; the status it answered, and whether it echoed. */
    Verification verify(URI callback, String mode, String topic, long leaseSeconds) throws Exception {
        String challenge = UUID.randomUUID().toString();
        String query = "hub.mode=" + enc(mode) + "&hub.topic=" + enc(topic) + "&hub.challenge=" + enc(challenge)
                + (mode.equals("subscribe") ? "&hub.lease_seconds=" + leaseSeconds : "");
        URI target = URI.create(callback + (callback.getRawQuery() == null ? "?" : "&") + query);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Verification verification = new Verification(mode, topic, callback, answer.statusCode(),
                answer.statusCode() / 100 == 2 && answer.body().equals(challenge));
        verifications.add(verification);
        return verification;
    }

    /** Tells {@code callback} its subscription to {@code topic} is denied. */
    int deny(URI callback, String topic) throws Exception {
        URI target = URI.create(callback + "?hub.mode=denied&hub.topic=" + enc(topic) + "&hub.reason=" + enc("not allowed"));
        return http.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void request(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(form);
            String mode = form.get("hub.mode");
            String topic = form.get("hub.topic");
            String callback = form.get("hub.callback");
            String secret = form.get("hub.secret");
            if (mode == null || topic == null || callback == null || !(mode.equals("subscribe") || mode.equals("unsubscribe"))) {
                send(exchange, 400, "hub.mode, hub.topic and hub.callback are required");
                return;
            }
            if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= 200) {
                send(exchange, 400, "invalid_secret: hub.secret must be less than 200 bytes");
                return;
            }
            URI callbackUrl = URI.create(callback);
            long lease = form.containsKey("hub.lease_seconds") ? Long.parseLong(form.get("hub.lease_seconds")) : 864_000;
            Verification verification = verify(callbackUrl, mode, topic, lease);
            if (verification.echoed()) {
                if (mode.equals("subscribe")) {
                    subscriptions.put(callbackUrl, new Subscription(topic, callbackUrl, secret, lease));
                } else {
                    subscriptions.remove(callbackUrl);
                }
            }
            send(exchange, 202, "");
        } catch (Exception e) {
            send(exchange, 500, e.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
