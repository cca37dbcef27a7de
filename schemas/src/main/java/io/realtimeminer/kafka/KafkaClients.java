package io.realtimeminer.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place every Kafka client of the project gets its settings from: the bootstrap servers,
 * any standard client property given as {@code kafka.client.<property>} (security.protocol,
 * sasl.*, ssl.*, ...) for every client, {@code kafka.producer.*}, {@code kafka.consumer.*} and
 * {@code kafka.admin.*} for one kind, and on top the project's invariants: idempotent producers
 * with acks=all, consumers that read only committed records. TLS and SASL reach every producer,
 * consumer, admin client, Streams application and Connect worker this way, without a line of code
 * per client (as Kafka's own StreamsConfig passes client settings through).
 */
public final class KafkaClients {

    /** Any Kafka client property for every client, e.g. {@code kafka.client.security.protocol=SASL_SSL}. */
    public static final String CLIENT_PREFIX = "kafka.client.";
    public static final String PRODUCER_PREFIX = "kafka.producer.";
    public static final String CONSUMER_PREFIX = "kafka.consumer.";
    public static final String ADMIN_PREFIX = "kafka.admin.";
    private static final List<String> PREFIXES = List.of(CLIENT_PREFIX, PRODUCER_PREFIX, CONSUMER_PREFIX, ADMIN_PREFIX);

    private final String bootstrapServers;
    private final Map<String, Object> common;
    private final Map<String, Object> producer;
    private final Map<String, Object> consumer;
    private final Map<String, Object> admin;

    private KafkaClients(String bootstrapServers, Map<String, ?> settings) {
        this.bootstrapServers = bootstrapServers;
        this.common = prefixed(settings, CLIENT_PREFIX);
        this.producer = prefixed(settings, PRODUCER_PREFIX);
        this.consumer = prefixed(settings, CONSUMER_PREFIX);
        this.admin = prefixed(settings, ADMIN_PREFIX);
    }

    /**
     * @param bootstrapServers where Kafka answers
     * @param settings         the miner's settings; only the {@code kafka.client.}, {@code kafka.producer.},
     *                         {@code kafka.consumer.} and {@code kafka.admin.} entries are read
     */
    public static KafkaClients of(String bootstrapServers, Map<String, ?> settings) {
        return new KafkaClients(bootstrapServers, settings);
    }

    /** The client settings among {@code settings}, prefixes kept: what to hand on to another process or component. */
    public static Map<String, String> given(Map<String, ?> settings) {
        Map<String, String> found = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value != null && PREFIXES.stream().anyMatch(key::startsWith)) {
                found.put(key, String.valueOf(value));
            }
        });
        return found;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client properties given for every client ({@code kafka.client.*}, prefix removed). */
    public Map<String, Object> clientSettings() {
        return Map.copyOf(common);
    }

    /** The properties given for one kind of client ({@code kafka.producer.*} etc., prefix removed). */
    public Map<String, Object> producerSettings() {
        return Map.copyOf(producer);
    }

    public Map<String, Object> consumerSettings() {
        return Map.copyOf(consumer);
    }

    public Map<String, Object> adminSettings() {
        return Map.copyOf(admin);
    }

    /** An idempotent producer's properties (acks=all), without serializers. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = base(producer);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * A consumer's properties, reading only committed records, without deserializers.
     *
     * @param groupId null for a consumer that assigns partitions itself
     */
    public Map<String, Object> consumer(String groupId, String clientId) {
        Map<String, Object> props = base(consumer);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /**
     * A consumer that assigns itself partitions and reads them from their start (a compacted
     * topic read whole into memory): no group, nothing committed, earliest.
     */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> props = consumer(null, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /** An admin client's properties. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> props = base(admin);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    private Map<String, Object> base(Map<String, Object> kind) {
        Map<String, Object> props = new HashMap<>(common);
        props.putAll(kind);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private static Map<String, Object> prefixed(Map<String, ?> settings, String prefix) {
        Map<String, Object> found = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length() && value != null) {
                found.put(key.substring(prefix.length()), value);
            }
        });
        return found;
    }

    /** The settings' client properties, with any secret (sasl.jaas.config, passwords) shown as [hidden]. */
    @Override
    public String toString() {
        Map<String, Object> shown = new HashMap<>();
        common.forEach((k, v) -> shown.put(k, k.contains("jaas") || k.contains("password") || k.contains("secret") ? "[hidden]" : v));
        return "KafkaClients{" + bootstrapServers + ", " + shown + "}";
    }
}
