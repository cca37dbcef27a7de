package io.realtimeminer.status;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * The settings of the status every instance publishes (its heartbeat on miner.instances and, for
 * a fetcher, each source's status on miner.source.status), declared once for every component.
 *
 * @param enabled        whether the instance publishes its status
 * @param heartbeat      how often an instance writes its heartbeat
 * @param instanceTimeout after how long without a heartbeat an instance counts as gone
 */
public record StatusSettings(boolean enabled, Duration heartbeat, Duration instanceTimeout) {

    public static final String ENABLED = "status.enabled";
    public static final String HEARTBEAT_MS = "status.heartbeat.ms";
    public static final String INSTANCE_TIMEOUT_MS = "status.instance.timeout.ms";

    /** Adds these settings to a component's definition. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Publish this instance's heartbeat on miner.instances and, for a fetcher, the status of every source it"
                                + " polls after each poll on miner.source.status (both compacted; the sink stores source statuses"
                                + " in the source_status table).")
                .define(HEARTBEAT_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                        "How often an instance writes its heartbeat on miner.instances.")
                .define(INSTANCE_TIMEOUT_MS, Type.LONG, 20_000L, Range.atLeast(1), Importance.LOW,
                        "An instance whose last heartbeat is older than this is reported gone (it died without a clean stop).");
    }

    /** The settings of the component whose parsed settings these are. */
    public static StatusSettings of(Map<String, ?> parsedValues) {
        return new StatusSettings((Boolean) parsedValues.get(ENABLED), Duration.ofMillis((Long) parsedValues.get(HEARTBEAT_MS)),
                Duration.ofMillis((Long) parsedValues.get(INSTANCE_TIMEOUT_MS)));
    }
}
