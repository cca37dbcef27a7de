package io.realtimeminer.topology;

import io.realtimeminer.kafka.ClusterSettings;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every setting of the Streams topologies, with its type, default and documentation. */
public class TopologyConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = ClusterSettings.BOOTSTRAP_SERVERS;
    public static final String REGISTRY_URL = ClusterSettings.REGISTRY_URL;
    public static final String APPLICATION_ID_PREFIX = "topology.application.id.prefix";
    public static final String STATE_DIR = "topology.state.dir";
    public static final String DEDUPE_RETENTION_MS = "dedupe.retention.ms";
    public static final String DEDUPE_TRACKING_PARAMETERS = "dedupe.tracking.parameters";
    public static final String STREAM_THREADS = "topology.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "topology.commit.interval.ms";
    public static final String REPLICATION_FACTOR = "topology.replication.factor";
    public static final String ENRICHMENT_DETAIL_DEADLINE_MS = "enrichment.detail.deadline.ms";
    public static final String ENRICHMENT_DETAIL_LATE_MS = "enrichment.detail.late.ms";

    public static final ConfigDef CONFIG_DEF = ClusterSettings.define(TemplateSettings.define(new ConfigDef()))
            .define(APPLICATION_ID_PREFIX, Type.STRING, "miner", Importance.MEDIUM,
                    "Prefix of the Streams application ids: <prefix>-dedupe and <prefix>-enrichment.")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/realtime-miner-streams", Importance.MEDIUM,
                    "Directory of the local state stores.")
            .define(DEDUPE_RETENTION_MS, Type.LONG, Duration.ofDays(30).toMillis(), Range.atLeast(60_000), Importance.MEDIUM,
                    "How long dedupe remembers an item id (with its content hash) and a story's canonical URL,"
                            + " from their first sighting; an item or story seen again after that passes again."
                            + " Expired state is dropped a whole segment at a time, so the stores really shrink.")
            .define(DEDUPE_TRACKING_PARAMETERS, Type.LIST, String.join(",", CanonicalUrl.DEFAULT_TRACKING_PARAMETERS),
                    Importance.LOW, "Query parameters removed from a link before it identifies a story across sources"
                            + " (matched case-insensitively; an entry ending in * is a prefix). See docs/dedupe.md.")
            .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.LOW, "Stream threads per topology.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(10), Importance.LOW,
                    "Transaction commit interval; with exactly-once it bounds the latency added by each topology.")
            .define(REPLICATION_FACTOR, Type.INT, -1, Importance.LOW,
                    "Replication factor of internal topics (-1: the broker default).")
            .define(ENRICHMENT_DETAIL_DEADLINE_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long a new item whose source wants page details waits for them (wall-clock time) before it"
                            + " goes on without them, with detail_error 'no page details within N s'; details that come"
                            + " later update the row (within enrichment.detail.late.ms). Short, so that a slow page never"
                            + " holds a story back; longer saves the second write of slow pages' rows. 0: items go on at"
                            + " once and their details always follow as an update.")
            .define(ENRICHMENT_DETAIL_LATE_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW,
                    "How long after the deadline an item's page details still update its row; also how long details"
                            + " that come before their item wait for it. Later details are dropped.");

    public TopologyConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    public String bootstrapServers() {
        return ClusterSettings.required(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
    }

    public String registryUrl() {
        return ClusterSettings.required(REGISTRY_URL, getString(REGISTRY_URL));
    }

    public Duration dedupeRetention() {
        return Duration.ofMillis(getLong(DEDUPE_RETENTION_MS));
    }

    /** The canonical URL rules with the configured tracking parameters. */
    public CanonicalUrl canonicalUrl() {
        return new CanonicalUrl(getList(DEDUPE_TRACKING_PARAMETERS));
    }

    public Duration enrichmentDetailDeadline() {
        return Duration.ofMillis(getLong(ENRICHMENT_DETAIL_DEADLINE_MS));
    }

    public Duration enrichmentDetailLate() {
        return Duration.ofMillis(getLong(ENRICHMENT_DETAIL_LATE_MS));
    }

    /** Topic where the application {@code name} parks records it cannot process. */
    public String deadLetterTopic(String name) {
        return getString(APPLICATION_ID_PREFIX) + "." + name + ".dlq";
    }

    /** The same template parser, with the same settings, as the fetchers': enrichment accepts what they poll. */
    public TemplateParser templateParser() {
        return TemplateSettings.parser(values());
    }

    /** The dead-letter topics of both applications, to be created with the other topics (no broker should create them on its own). */
    public List<String> deadLetterTopics() {
        return List.of(deadLetterTopic("dedupe"), deadLetterTopic("enrichment"));
    }

    /** Streams properties for the application {@code <prefix>-<name>}: exactly-once, explicit serdes only. */
    public Map<String, Object> streamsProperties(String name) {
        Map<String, Object> props = new HashMap<>();
        // Client settings first (kafka.client.*: TLS, SASL, ...; kafka.producer.* etc. for one kind), the application's own on top.
        KafkaClients clients = KafkaClients.of(getString(BOOTSTRAP_SERVERS), originals());
        props.putAll(clients.clientSettings());
        clients.producerSettings().forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
        clients.consumerSettings().forEach((key, value) -> props.put(StreamsConfig.consumerPrefix(key), value));
        clients.adminSettings().forEach((key, value) -> props.put(StreamsConfig.adminClientPrefix(key), value));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID_PREFIX) + "-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(getString(STATE_DIR)).toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(STREAM_THREADS));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, getInt(REPLICATION_FACTOR));
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // A record that cannot be read is logged and parked on a dead-letter topic; it never blocks its
        // partition. One the registry could not be asked about is read again once it answers.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableRecordHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic(name));
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // A crashed instance's tasks move after 10 s instead of the 45 s default.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 3_000);
        return props;
    }
}
