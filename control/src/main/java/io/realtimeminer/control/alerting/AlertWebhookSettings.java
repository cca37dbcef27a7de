package io.realtimeminer.control.alerting;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the cluster's alerts are posted when they open and resolve, declared once for every
 * component.
 *
 * @param url           the receiver; empty: alerts are only served (GET /alerts, /metrics)
 * @param authorization the Authorization header sent with each post; empty: none
 * @param attempts      how many times one change is tried before it is given up
 * @param timeout       how long one attempt may take
 * @param firstBackoff  the wait after the first failed attempt; it doubles after each next one
 */
public record AlertWebhookSettings(Optional<URI> url, Optional<String> authorization, int attempts, Duration timeout,
                                   Duration firstBackoff) {

    public static final String URL = "alerts.webhook.url";
    public static final String AUTHORIZATION = "alerts.webhook.authorization";
    public static final String ATTEMPTS = "alerts.webhook.attempts";
    public static final String TIMEOUT_MS = "alerts.webhook.timeout.ms";

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(URL, Type.STRING, "", AlertWebhookSettings::checkUrl, Importance.MEDIUM,
                        "An http(s) URL to which one instance of the cluster POSTs each alert as it opens and as it resolves"
                                + " (JSON, with an Idempotency-Key header; docs/control-plane.md). Empty: alerts are only served by"
                                + " GET /alerts and /metrics.")
                .define(AUTHORIZATION, Type.PASSWORD, "", Importance.MEDIUM,
                        "Value of the Authorization header sent with each alert post, e.g. 'Bearer <token>'; empty sends none.")
                .define(ATTEMPTS, Type.INT, 8, Range.between(1, 100), Importance.LOW,
                        "How many times an alert post is tried (a refused, failed or unanswered one is retried after 1 s, doubling up"
                                + " to a minute, or after the receiver's Retry-After) before it is given up and logged.")
                .define(TIMEOUT_MS, Type.LONG, 10_000L, Range.between(100, 300_000), Importance.LOW,
                        "How long one alert post may take, connection included.");
    }

    /** The settings of the component whose parsed settings these are. */
    public static AlertWebhookSettings of(Map<String, ?> parsedValues) {
        String url = (String) parsedValues.get(URL);
        Password authorization = (Password) parsedValues.get(AUTHORIZATION);
        return new AlertWebhookSettings(url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.strip())),
                authorization == null || authorization.value().isBlank() ? Optional.empty() : Optional.of(authorization.value().strip()),
                (Integer) parsedValues.get(ATTEMPTS), Duration.ofMillis((Long) parsedValues.get(TIMEOUT_MS)), Duration.ofSeconds(1));
    }

    private static void checkUrl(String name, Object value) {
        String text = value == null ? "" : value.toString().strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            URI uri = new URI(text);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(name, text, "must be an absolute http or https URL, e.g. https://alerts.example.com/hook");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(name, text, "is not a URL: " + e.getReason());
        }
    }
}
