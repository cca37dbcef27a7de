package io.realtimeminer.connect;

import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** The sightings sink: every source's sighting of every story upserted into the {@code sightings} table by item id. */
public final class SightingsSinkConfig extends JdbcSinkConfig {

    public static final ConfigDef CONFIG_DEF = definition("miner-sightings-sink", Topics.SIGHTINGS, "Sighting",
            SightingsTable.NAME);

    public SightingsSinkConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, settings, SightingsTable.PRIMARY_KEY);
    }

    /** The sink with every default, writing to {@code jdbcUrl} and resolving schemas at {@code registryUrl}. */
    public static SightingsSinkConfig of(String jdbcUrl, String jdbcUser, String jdbcPassword, String registryUrl) {
        return new SightingsSinkConfig(required(jdbcUrl, jdbcUser, jdbcPassword, registryUrl));
    }
}
