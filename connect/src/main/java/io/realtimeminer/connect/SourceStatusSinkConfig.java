package io.realtimeminer.connect;

import io.realtimeminer.kafka.Topics;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;

/**
 * The status sink: every source's last poll upserted into the {@code source_status} table by
 * source id; a deleted source's tombstone deletes its row.
 */
public final class SourceStatusSinkConfig extends JdbcSinkConfig {

    public static final ConfigDef CONFIG_DEF = definition("miner-source-status-sink", Topics.SOURCE_STATUS, "SourceStatus",
            SourceStatusTable.NAME);

    public SourceStatusSinkConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, settings, SourceStatusTable.PRIMARY_KEY);
    }

    @Override
    public boolean deletesOnTombstone() {
        return true;
    }

    /** The source's latest items are for the API (GET /sources/{id}); the table keeps the polls' figures. */
    @Override
    public List<String> fieldsWithoutColumn() {
        return List.of("latest_items");
    }

    /** The sink with every default, writing to {@code jdbcUrl} and resolving schemas at {@code registryUrl}. */
    public static SourceStatusSinkConfig of(String jdbcUrl, String jdbcUser, String jdbcPassword, String registryUrl) {
        return new SourceStatusSinkConfig(required(jdbcUrl, jdbcUser, jdbcPassword, registryUrl));
    }
}
