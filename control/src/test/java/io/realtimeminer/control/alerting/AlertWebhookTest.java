package io.realtimeminer.control.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AlertWebhookTest {

    private static final Instant T = Instant.parse("2026-12-03T06:00:00Z");
    private static final Alert POOL = new Alert("pool_without_instance", "eu", T, "pool 'eu' has no live fetcher");
    private static final Alert FAILING = new Alert("source_failing", "a", null, "every version of its template is refused");

    /** A request as the receiver got it. */
    private record Received(String idempotencyKey, String authorization, String contentType, JsonNode body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The receiver's next answers (status, Retry-After or null); 204 once they run out. */
    private final Deque<Object[]> answers = new ArrayDeque<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private HttpServer receiver;
    private AlertWebhook webhook;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", this::receive);
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.close();
        }
        receiver.stop(0);
    }

    @Test
    void aChangeIsRetriedAfterFailuresAndRetryAfterUntilTheReceiverTakesIt() {
        answers.add(new Object[] {503, null});
        answers.add(new Object[] {429, "0"});
        webhook = webhook(8, Optional.of("Bearer s3cret"));

        webhook.post(List.of(new AlertEvent(POOL, true)));

        await().atMost(Duration.ofSeconds(10)).until(() -> posts("delivered") == 1);
        assertThat(received).hasSize(3).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo("pool_without_instance/eu/" + T.toEpochMilli() + "/opened");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        JsonNode body = received.get(2).body();
        assertThat(body.get("id").asText()).isEqualTo("pool_without_instance/eu/" + T.toEpochMilli());
        assertThat(body.get("event").asText()).isEqualTo("opened");
        assertThat(body.get("kind").asText()).isEqualTo("pool_without_instance");
        assertThat(body.get("subject").asText()).isEqualTo("eu");
        assertThat(body.get("since").asText()).isEqualTo("2026-12-03T06:00:00Z");
        assertThat(body.get("message").asText()).isEqualTo("pool 'eu' has no live fetcher");
        assertThat(body.get("at").asText()).isEqualTo("2026-12-03T06:05:00Z");
        assertThat(body.get("instance").asText()).isEqualTo("fetcher-1");
        assertThat(posts("given_up") + posts("refused")).isZero();
    }

    @Test
    void changesArriveInTheirOrderAndARefusedOneIsNotRetried() {
        answers.add(new Object[] {400, null});
        webhook = webhook(8, Optional.empty());

        webhook.post(List.of(new AlertEvent(FAILING, true), new AlertEvent(POOL, true), new AlertEvent(POOL, false)));

        await().atMost(Duration.ofSeconds(10)).until(() -> posts("delivered") == 2);
        assertThat(received).extracting(Received::idempotencyKey).containsExactly("source_failing/a/-/opened",
                "pool_without_instance/eu/" + T.toEpochMilli() + "/opened", "pool_without_instance/eu/" + T.toEpochMilli() + "/resolved");
        assertThat(received.get(0).authorization()).isNull();
        assertThat(received.get(0).body().get("since").isNull()).isTrue();
        assertThat(posts("refused")).isEqualTo(1);
    }

    @Test
    void aReceiverThatNeverTakesItIsGivenUpAfterTheLastAttemptAndTheNextChangeStillGoes() {
        for (int i = 0; i < 3; i++) {
            answers.add(new Object[] {500, null});
        }
        webhook = webhook(3, Optional.empty());

        webhook.post(List.of(new AlertEvent(POOL, true), new AlertEvent(FAILING, true)));

        await().atMost(Duration.ofSeconds(10)).until(() -> posts("delivered") == 1);
        assertThat(posts("given_up")).isEqualTo(1);
        assertThat(received).extracting(Received::idempotencyKey).hasSize(4).last().isEqualTo("source_failing/a/-/opened");
    }

    @Test
    void anUnreachableReceiverIsRetriedLikeAFailingOne() {
        receiver.stop(0);
        webhook = webhook(2, Optional.empty());

        webhook.post(List.of(new AlertEvent(POOL, true)));

        await().atMost(Duration.ofSeconds(10)).until(() -> posts("given_up") == 1);
        assertThat(posts("delivered")).isZero();
    }

    @Test
    void theSettingsTakeAnHttpUrlOrNothingAndHideTheAuthorization() {
        ConfigDef definition = AlertWebhookSettings.define(new ConfigDef());
        AlertWebhookSettings none = AlertWebhookSettings.of(definition.parse(Map.of()));
        assertThat(none.url()).isEmpty();
        assertThat(none.authorization()).isEmpty();
        assertThat(none.attempts()).isEqualTo(8);

        AlertWebhookSettings set = AlertWebhookSettings.of(definition.parse(Map.of(AlertWebhookSettings.URL, "https://hooks.example/x",
                AlertWebhookSettings.AUTHORIZATION, "Bearer t")));
        assertThat(set.url()).contains(URI.create("https://hooks.example/x"));
        assertThat(set.authorization()).contains("Bearer t");
        assertThat(definition.configKeys().get(AlertWebhookSettings.AUTHORIZATION).type).isEqualTo(ConfigDef.Type.PASSWORD);

        assertThatThrownBy(() -> definition.parse(Map.of(AlertWebhookSettings.URL, "ftp://hooks.example/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertWebhookSettings.URL)
                .hasMessageContaining("absolute http or https URL");
        assertThatThrownBy(() -> definition.parse(Map.of(AlertWebhookSettings.URL, "hooks example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AlertWebhookSettings.URL);
    }

    private AlertWebhook webhook(int attempts, Optional<String> authorization) {
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        AlertWebhookSettings settings = new AlertWebhookSettings(Optional.of(url), authorization, attempts, Duration.ofSeconds(2),
                Duration.ofMillis(10));
        return new AlertWebhook(settings, "fetcher-1", metrics, Clock.fixed(T.plusSeconds(300), ZoneOffset.UTC));
    }

    private double posts(String result) {
        return metrics.get("miner.alert.webhook.posts").tag("result", result).counter().count();
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8))));
        Object[] answer;
        synchronized (answers) {
            answer = answers.isEmpty() ? new Object[] {204, null} : answers.poll();
        }
        if (answer[1] != null) {
            exchange.getResponseHeaders().add("Retry-After", (String) answer[1]);
        }
        exchange.sendResponseHeaders((Integer) answer[0], -1);
        exchange.close();
    }
}
