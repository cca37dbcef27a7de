package io.realtimeminer.push;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * WebSub push, declared once for the fetchers (which subscribe) and the control plane (whose HTTP
 * server takes the hubs' callbacks on every instance).
 *
 * @param callbackBase   public base URL of the callbacks (a load balancer in front of the instances'
 *                       APIs), null when push is off
 * @param key            the secret every callback and hub secret is derived from; the same on every instance
 * @param lease          the lease asked of a hub
 * @param backupInterval how often a source that a hub pushes is still polled
 */
public record PushSettings(URI callbackBase, byte[] key, Duration lease, Duration backupInterval) {

    public static final String CALLBACK_BASE_URL = "push.callback.base.url";
    public static final String KEY = "push.key";
    public static final String LEASE_SECONDS = "push.lease.seconds";
    public static final String BACKUP_INTERVAL_MS = "push.backup.interval.ms";

    /** Push off. */
    public static final PushSettings OFF = new PushSettings(null, new byte[0], Duration.ofDays(1), Duration.ofMinutes(15));

    public boolean enabled() {
        return callbackBase != null;
    }

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(CALLBACK_BASE_URL, Type.STRING, "", Importance.MEDIUM,
                        "Public base URL under which WebSub hubs reach the callbacks (/websub/...) of the instances' HTTP APIs, "
                                + "e.g. https://miner.example.com behind a load balancer in front of every instance's control.port. "
                                + "When set, a fetcher subscribes every source whose feed or page names a hub (Link header, atom:link "
                                + "or HTML <link rel=hub>), and a notification polls the source at once. Empty: push off, sources are "
                                + "only polled.")
                .define(KEY, Type.PASSWORD, "", Importance.MEDIUM,
                        "Secret from which every callback URL and hub.secret is derived (HMAC-SHA256): the same on every instance, "
                                + "at least 16 characters, required when " + CALLBACK_BASE_URL + " is set. Changing it ends every "
                                + "subscription's callbacks; sources are subscribed anew at their next poll.")
                .define(LEASE_SECONDS, Type.LONG, 86_400L, Range.atLeast(60), Importance.LOW,
                        "Lease asked of a hub (hub.lease_seconds); a subscription is renewed at 80 % of the lease the hub grants.")
                .define(BACKUP_INTERVAL_MS, Type.LONG, 900_000L, Range.atLeast(1_000), Importance.LOW,
                        "How often a source whose hub pushes is still polled, in case the hub misses an item (never more often "
                                + "than its template asks).");
    }

    /** The settings of the component whose parsed settings these are. */
    public static PushSettings of(Map<String, ?> parsedValues) {
        String base = ((String) parsedValues.get(CALLBACK_BASE_URL)).strip();
        Password key = (Password) parsedValues.get(KEY);
        Duration lease = Duration.ofSeconds((Long) parsedValues.get(LEASE_SECONDS));
        Duration backup = Duration.ofMillis((Long) parsedValues.get(BACKUP_INTERVAL_MS));
        if (base.isEmpty()) {
            return new PushSettings(null, new byte[0], lease, backup);
        }
        URI url;
        try {
            url = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CALLBACK_BASE_URL + " is not a URL: " + base);
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException(CALLBACK_BASE_URL + " must be an http or https URL with a host, not " + base);
        }
        String secret = key == null ? "" : key.value();
        if (secret.length() < 16) {
            throw new IllegalArgumentException(KEY + " must be set (at least 16 characters, the same on every instance) when "
                    + CALLBACK_BASE_URL + " is set");
        }
        return new PushSettings(url, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), lease, backup);
    }
}
