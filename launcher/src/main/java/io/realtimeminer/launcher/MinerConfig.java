package io.realtimeminer.launcher;

import io.realtimeminer.stack.StackConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the miner command itself. The same property map also configures the fetcher
 * ({@code FetcherConfig}), the topologies ({@code TopologyConfig}) and the embedded stack
 * ({@code StackConfig}); each reads only its own keys. Topics are created with the stack's
 * {@code replication.factor}.
 */
public class MinerConfig extends AbstractConfig {

    /** Where all data lives: the stack's setting, also used for the Streams state and the logs. */
    public static final String DATA_DIR = StackConfig.DATA_DIR;
    public static final String TEMPLATES_PARTITIONS = "topics.templates.partitions";
    public static final String ITEMS_PARTITIONS = "topics.items.partitions";
    public static final String ITEMS_RETENTION_MS = "topics.items.retention.ms";
    public static final String IN_PROCESS_FETCHER = "pipeline.fetcher.enabled";
    public static final String DEMO_POST_EVERY_MS = "demo.post.every.ms";
    public static final String DEMO_POLL_INTERVAL_S = "demo.poll.interval.seconds";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TEMPLATES_PARTITIONS, Type.INT, 48, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of miner.templates; bounds the number of fetcher instances that can share the work.")
            .define(ITEMS_PARTITIONS, Type.INT, 12, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the item topics; bounds the parallelism of the topologies and the sink.")
            .define(ITEMS_RETENTION_MS, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(60_000), Importance.LOW,
                    "Retention of the item topics.")
            .define(IN_PROCESS_FETCHER, Type.BOOLEAN, true, Importance.LOW,
                    "Whether 'miner up' runs a fetcher in its own process; false leaves all polling to 'miner fetcher' instances.")
            .define(DEMO_POST_EVERY_MS, Type.LONG, 3_000L, Range.atLeast(100), Importance.LOW,
                    "miner demo: how often each demo feed posts a story.")
            .define(DEMO_POLL_INTERVAL_S, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                    "miner demo: the poll interval of the demo templates.");

    public MinerConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    public int templatesPartitions() {
        return getInt(TEMPLATES_PARTITIONS);
    }

    public int itemsPartitions() {
        return getInt(ITEMS_PARTITIONS);
    }

    public long itemsRetentionMs() {
        return getLong(ITEMS_RETENTION_MS);
    }

    public boolean inProcessFetcher() {
        return getBoolean(IN_PROCESS_FETCHER);
    }

    public Duration demoPostEvery() {
        return Duration.ofMillis(getLong(DEMO_POST_EVERY_MS));
    }

    public int demoPollIntervalSeconds() {
        return getInt(DEMO_POLL_INTERVAL_S);
    }
}
