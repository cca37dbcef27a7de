package io.realtimeminer.connect;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Kafka's rule for the replication factor of a topic to create: -1 (the broker's default) or at least 1. */
public final class ReplicationFactor {

    /** Lets the broker decide, through its {@code default.replication.factor}. */
    public static final short BROKER_DEFAULT = -1;

    public static final ConfigDef.Validator VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        short factor = ((Number) value).shortValue();
        if (factor != BROKER_DEFAULT && factor < 1) {
            throw new ConfigException(name, value, "must be -1 (the broker's default) or at least 1");
        }
    }, () -> "-1 or at least 1");

    private ReplicationFactor() {
    }
}
