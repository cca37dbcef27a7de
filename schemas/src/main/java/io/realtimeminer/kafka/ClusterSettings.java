package io.realtimeminer.kafka;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the pipeline's Kafka and schema registry answer: declared once for every component (the
 * stack, the fetchers, the topologies), with one meaning. Empty means the embedded ones: those
 * {@code miner up} starts, and that {@code miner fetcher} and {@code miner topology} on the same data
 * directory join. How clients log in comes from {@code kafka.client.*} ({@link KafkaClients}).
 */
public final class ClusterSettings {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String REGISTRY_URL = "registry.url";

    private ClusterSettings() {
    }

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                        "Bootstrap servers of the Kafka cluster the pipeline runs on, e.g. broker-1:9092,broker-2:9092. Empty:"
                                + " the embedded broker (miner up starts it; miner fetcher and topology on the same data dir join it)."
                                + " It must be reachable as given from every process and from the Connect worker.")
                .define(REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                        "Base URL of the schema registry (Apicurio 2.x; the API path is added), e.g. http://registry:8080;"
                                + " a registry behind basic auth as http://user:password@registry:8080 (never printed). Empty: the"
                                + " embedded registry, as for kafka.bootstrap.servers.");
    }

    /** The value of {@code name}, which a component that talks to the cluster cannot do without. */
    public static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(name + " is not set: give the address of the cluster's " + (name.equals(REGISTRY_URL)
                    ? "schema registry" : "Kafka") + ", or run 'miner up' (whose addresses 'miner fetcher' and 'miner topology' find)");
        }
        return value.trim();
    }
}
