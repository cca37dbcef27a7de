package io.realtimeminer.connect;

import io.realtimeminer.kafka.KafkaClients;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of the project's Kafka Connect worker (distributed mode, so connectors and offsets
 * live in Kafka and survive restarts), each declared once; {@link #workerProperties()} gives what
 * the worker is started with.
 */
public final class ConnectWorkerConfig extends AbstractConfig {

    public static final String CONFIG_TOPIC = "miner.connect.configs";
    public static final String OFFSET_TOPIC = "miner.connect.offsets";
    public static final String STATUS_TOPIC = "miner.connect.status";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String REGISTRY_URL = "registry.url";
    public static final String GROUP_ID = "group.id";
    public static final String STORAGE_REPLICATION_FACTOR = "storage.replication.factor";
    public static final String PLUGIN_PATH = "plugin.path";
    public static final String REST_HOST = "rest.host";
    public static final String REST_PORT = "rest.port";
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    public static final String SCHEDULED_REBALANCE_MAX_DELAY_MS = "scheduled.rebalance.max.delay.ms";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "Kafka cluster the worker stores its state in and runs connectors against.")
            .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "Base URL of the schema registry for the default value converter.")
            .define(GROUP_ID, Type.STRING, "miner-connect", new NonEmptyString(), Importance.MEDIUM,
                    "Connect cluster id: workers with the same group id and storage topics form one cluster.")
            .define(STORAGE_REPLICATION_FACTOR, Type.SHORT, ReplicationFactor.BROKER_DEFAULT,
                    ReplicationFactor.VALIDATOR, Importance.MEDIUM,
                    "Replication factor of the three storage topics (" + CONFIG_TOPIC + ", " + OFFSET_TOPIC
                            + ", " + STATUS_TOPIC + ") when the worker creates them; -1 takes the broker's"
                            + " default.replication.factor.")
            .define(PLUGIN_PATH, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "Directory holding one folder per plugin, as built by the connect module into"
                            + " connect/target/plugins (see PluginFolders).")
            .define(REST_HOST, Type.STRING, "127.0.0.1", new NonEmptyString(), Importance.MEDIUM,
                    "Interface the REST API listens on, and the host it advertises to other workers.")
            .define(REST_PORT, Type.INT, 8083, Range.between(1, 65535), Importance.MEDIUM,
                    "Port of the REST API.")
            .define(OFFSET_FLUSH_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "How often sink tasks commit their consumer offsets. Kafka's 60 s default means up to a"
                            + " minute of records written again after a crash (harmless with upserts, but slow).")
            .define(SCHEDULED_REBALANCE_MAX_DELAY_MS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "How long the cluster keeps a departed worker's tasks unassigned, waiting for it to come"
                            + " back. Kafka's default is 5 min; for a single worker there is no one to wait for.");

    public ConnectWorkerConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, settings);
    }

    /** A worker with every default on {@code bootstrapServers}, loading plugins from {@code pluginPath}. */
    public static ConnectWorkerConfig of(String bootstrapServers, String registryUrl, String pluginPath, int restPort) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(REGISTRY_URL, registryUrl);
        settings.put(PLUGIN_PATH, pluginPath);
        settings.put(REST_PORT, restPort);
        return new ConnectWorkerConfig(settings);
    }

    /** The URL of the worker's REST API. */
    public String restUrl() {
        return "http://" + getString(REST_HOST) + ":" + getInt(REST_PORT);
    }

    /** The properties to start a distributed worker with ({@code connect-distributed.properties}). */
    public Map<String, String> workerProperties() {
        String replicationFactor = String.valueOf(getShort(STORAGE_REPLICATION_FACTOR));
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("bootstrap.servers", getString(BOOTSTRAP_SERVERS));
        worker.put("group.id", getString(GROUP_ID));
        worker.put("config.storage.topic", CONFIG_TOPIC);
        worker.put("config.storage.replication.factor", replicationFactor);
        worker.put("offset.storage.topic", OFFSET_TOPIC);
        worker.put("offset.storage.replication.factor", replicationFactor);
        worker.put("status.storage.topic", STATUS_TOPIC);
        worker.put("status.storage.replication.factor", replicationFactor);
        worker.put("offset.flush.interval.ms", String.valueOf(getLong(OFFSET_FLUSH_INTERVAL_MS)));
        worker.put("scheduled.rebalance.max.delay.ms", String.valueOf(getInt(SCHEDULED_REBALANCE_MAX_DELAY_MS)));

        worker.put("plugin.path", getString(PLUGIN_PATH));
        // Reads each plugin's META-INF/services instead of scanning every class: 10-15 s faster to
        // start. It is why the converter folder carries the service entry the Apicurio jar lacks.
        worker.put("plugin.discovery", "service_load");
        // The sinks set a few consumer settings of their own; a connector may override those and
        // nothing else (Kafka's default, All, would let anyone who may create connectors give their
        // clients any login module or credential).
        worker.put("connector.client.config.override.policy", "Allowlist");
        worker.put("connector.client.config.override.allowlist", String.join(",", UpsertSinkConnector.CONSUMER_OVERRIDES));

        worker.put("listeners", restUrl());
        worker.put("rest.advertised.host.name", getString(REST_HOST));
        worker.put("rest.advertised.port", String.valueOf(getInt(REST_PORT)));
        worker.put("rest.advertised.listener", "http");

        worker.putAll(RegistryConverters.forRegistry(getString(REGISTRY_URL)));

        // Client settings (kafka.client.*: TLS, SASL, ...) for the worker's own clients, and with the
        // producer./consumer./admin. prefixes for the clients it builds for its connectors' tasks.
        KafkaClients clients = KafkaClients.of(getString(BOOTSTRAP_SERVERS), originals());
        clients.clientSettings().forEach((key, value) -> {
            worker.put(key, String.valueOf(value));
            for (String kind : List.of("producer.", "consumer.", "admin.")) {
                worker.put(kind + key, String.valueOf(value));
            }
        });
        clients.producerSettings().forEach((key, value) -> worker.put("producer." + key, String.valueOf(value)));
        clients.consumerSettings().forEach((key, value) -> worker.put("consumer." + key, String.valueOf(value)));
        clients.adminSettings().forEach((key, value) -> worker.put("admin." + key, String.valueOf(value)));
        return worker;
    }
}
