package io.realtimeminer.connect;

import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** The items sink: each story's enriched item upserted into the {@code items} table by item id. */
public final class ItemsSinkConfig extends JdbcSinkConfig {

    public static final ConfigDef CONFIG_DEF = definition("miner-items-sink", Topics.ITEMS_ENRICHED, "EnrichedItem",
            ItemsTable.NAME);

    public ItemsSinkConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, settings, ItemsTable.PRIMARY_KEY);
    }

    /** The sink with every default, writing to {@code jdbcUrl} and resolving schemas at {@code registryUrl}. */
    public static ItemsSinkConfig of(String jdbcUrl, String jdbcUser, String jdbcPassword, String registryUrl) {
        return new ItemsSinkConfig(required(jdbcUrl, jdbcUser, jdbcPassword, registryUrl));
    }
}
