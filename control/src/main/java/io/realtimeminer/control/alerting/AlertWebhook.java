package io.realtimeminer.control.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.realtimeminer.net.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Posts alert changes to the configured receiver, one at a time and in order, from a thread of its
 * own (a slow or failing receiver never delays the API or the polls): JSON bodies, an
 * {@code Idempotency-Key} header (the same for a change whichever instance tells it), retried
 * after a failure, a 5xx, a 408 or a 429 (honouring Retry-After), given up after
 * {@link AlertWebhookSettings#attempts()}; any other 4xx is the receiver refusing the body and is
 * not retried. Counted in {@code miner_alert_webhook_posts_total{result}}.
 */
public final class AlertWebhook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);
    /** Changes waiting beyond this (a receiver down for long while alerts churn) are dropped, and counted. */
    static final int QUEUE_LIMIT = 10_000;

    private final AlertWebhookSettings settings;
    private final String instanceId;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<AlertEvent> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Map<String, Counter> posts = new LinkedHashMap<>();
    private final Thread worker;
    private volatile boolean closed;

    /** @param settings with a URL (the caller makes none without one) */
    public AlertWebhook(AlertWebhookSettings settings, String instanceId, MeterRegistry metrics, Clock clock) {
        if (settings.url().isEmpty()) {
            throw new IllegalArgumentException(AlertWebhookSettings.URL + " is not set");
        }
        this.settings = settings;
        this.instanceId = instanceId;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        for (String result : List.of("delivered", "refused", "given_up", "dropped")) {
            posts.put(result, Counter.builder("miner.alert.webhook.posts").tag("result", result)
                    .description("Alert changes posted to alerts.webhook.url, by how it ended").register(metrics));
        }
        Gauge.builder("miner.alert.webhook.queued", queue, BlockingQueue::size)
                .description("Alert changes waiting to be posted").register(metrics);
        this.worker = new Thread(this::deliverAll, instanceId + "-alert-webhook");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues changes to be posted in this order; returns at once. */
    public void post(List<AlertEvent> events) {
        for (AlertEvent event : events) {
            if (!queue.offer(event)) {
                posts.get("dropped").increment();
                LOG.warn("alert {} {} not posted: {} changes already wait for {}", event.alert().key(), event.event(), QUEUE_LIMIT,
                        settings.url().get());
            }
        }
    }

    private void deliverAll() {
        while (!closed) {
            try {
                deliver(queue.take());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("could not post an alert change: {}", e.toString());
            }
        }
    }

    private void deliver(AlertEvent event) throws InterruptedException {
        HttpRequest request = request(event);
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            String failure;
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    posts.get("delivered").increment();
                    return;
                }
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    posts.get("refused").increment();
                    LOG.warn("{} refused alert {} {} with HTTP {}; not retried", request.uri(), event.alert().key(), event.event(), status);
                    return;
                }
                failure = "HTTP " + status;
                retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant(),
                        RetryDelay.MAX_RETRY_AFTER);
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (attempt >= settings.attempts()) {
                posts.get("given_up").increment();
                LOG.warn("gave up posting alert {} {} to {} after {} attempts; last: {}", event.alert().key(), event.event(),
                        request.uri(), attempt, failure);
                return;
            }
            Duration wait = RetryDelay.after(attempt, settings.firstBackoff(), retryAfter);
            LOG.info("alert {} {} not posted to {} ({}); next attempt in {} ms", event.alert().key(), event.event(), request.uri(),
                    failure, wait.toMillis());
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
            if (closed) {
                return;
            }
        }
    }

    private HttpRequest request(AlertEvent event) {
        Alert alert = event.alert();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alert.id());
        body.put("event", event.event());
        body.put("kind", alert.kind());
        body.put("subject", alert.subject());
        body.put("since", alert.since() == null ? null : alert.since().toString());
        body.put("message", alert.message());
        body.put("at", clock.instant().toString());
        body.put("instance", instanceId);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert could not be written as JSON", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url().get()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", event.idempotencyKey())
                .header("User-Agent", "realtime-miner alerts")
                .POST(HttpRequest.BodyPublishers.ofString(text));
        settings.authorization().ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    /** Stops posting; changes still waiting are not posted (the next poster tells what is open). */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
