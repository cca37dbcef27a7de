package io.realtimeminer.control;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the control plane every instance serves (its HTTP API and the thresholds of
 * the sources' states), declared once for every component.
 *
 * @param enabled        whether the instance serves the API
 * @param host           the address the API binds to
 * @param port           its port; 0 takes a free one (announced on miner.instances and printed)
 * @param users          {@code name:hash} logins (see {@link PasswordHash}); none leaves the API open
 * @param failingPolls   failed polls in a row that make a source failing
 * @param late           how overdue a source's next poll may be before it is late
 * @param silentFactor   how many times its usual gap a source may stay without new items before it is silent
 * @param unowned        how long a pool may have no live fetcher before it raises an alert
 * @param tls            the key store the API serves HTTPS with; empty: plain HTTP
 */
public record ControlSettings(boolean enabled, String host, int port, List<String> users, int failingPolls, Duration late,
                              double silentFactor, Duration unowned, Optional<ApiTls> tls) {

    /** The API's server key and certificate, from a key store file. */
    public record ApiTls(Path keyStore, String password, String type) {
    }

    public static final String ENABLED = "api.enabled";
    public static final String HOST = "api.host";
    public static final String PORT = "api.port";
    public static final String USERS = "api.users";
    public static final String FAILING_POLLS = "alerts.failing.polls";
    public static final String LATE_MS = "alerts.late.ms";
    public static final String SILENT_FACTOR = "alerts.silent.factor";
    public static final String UNOWNED_MS = "alerts.unowned.ms";
    public static final String TLS_KEYSTORE = "api.tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD = "api.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "api.tls.keystore.type";

    /** Plain HTTP. */
    public ControlSettings(boolean enabled, String host, int port, List<String> users, int failingPolls, Duration late,
                           double silentFactor, Duration unowned) {
        this(enabled, host, port, users, failingPolls, late, silentFactor, unowned, Optional.empty());
    }

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Serve the HTTP API (sources, instances, health, metrics) on this instance.")
                .define(HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                        "Address the HTTP API binds to: loopback unless set otherwise (0.0.0.0 for every interface).")
                .define(PORT, Type.INT, 0, Range.between(0, 65_535), Importance.MEDIUM,
                        "Port of the HTTP API; 0 takes a free one, printed at start and announced on miner.instances.")
                .define(USERS, Type.LIST, List.of(), Importance.HIGH,
                        "Logins of the HTTP API as name:hash, comma-separated; the hash comes from 'bin/miner api-password'"
                                + " (PBKDF2, never the password itself). With any login set, every route but /health needs HTTP"
                                + " basic authentication.")
                .define(TLS_KEYSTORE, Type.STRING, "", Importance.MEDIUM,
                        "A key store file (PKCS12 or JKS) holding the API's private key and certificate chain: the API then"
                                + " serves HTTPS only (and announces https:// URLs). Empty: plain HTTP, e.g. behind a TLS proxy.")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM,
                        "Password of api.tls.keystore.path (and of its key).")
                .define(TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"), Importance.LOW,
                        "Type of api.tls.keystore.path.")
                .define(FAILING_POLLS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
                        "Failed polls in a row that make a source 'failing'.")
                .define(LATE_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                        "How overdue a source's next poll may be before the source is 'late' (no live owner, or an"
                                + " overloaded one).")
                .define(SILENT_FACTOR, Type.DOUBLE, 4.0, Range.atLeast(1), Importance.LOW,
                        "A source that answers but shows no new item for this many times its usual gap (learned from its"
                                + " history) is 'silent'.")
                .define(UNOWNED_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "A pool with active sources and no live fetcher for this long (counted from its last instance's heartbeat"
                                + " timing out) raises the pool_without_instance alert.");
    }

    /** The settings of the component whose parsed settings these are. */
    @SuppressWarnings("unchecked")
    public static ControlSettings of(Map<String, ?> parsedValues) {
        return new ControlSettings((Boolean) parsedValues.get(ENABLED), (String) parsedValues.get(HOST),
                (Integer) parsedValues.get(PORT), List.copyOf((List<String>) parsedValues.get(USERS)),
                (Integer) parsedValues.get(FAILING_POLLS), Duration.ofMillis((Long) parsedValues.get(LATE_MS)),
                (Double) parsedValues.get(SILENT_FACTOR), Duration.ofMillis((Long) parsedValues.get(UNOWNED_MS)), tls(parsedValues));
    }

    private static Optional<ApiTls> tls(Map<String, ?> parsedValues) {
        String keyStore = ((String) parsedValues.get(TLS_KEYSTORE)).strip();
        if (keyStore.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(keyStore);
        if (!Files.isReadable(path)) {
            throw new ConfigException(TLS_KEYSTORE, keyStore, "no readable key store there");
        }
        Password password = (Password) parsedValues.get(TLS_KEYSTORE_PASSWORD);
        return Optional.of(new ApiTls(path, password == null ? "" : password.value(), (String) parsedValues.get(TLS_KEYSTORE_TYPE)));
    }
}
