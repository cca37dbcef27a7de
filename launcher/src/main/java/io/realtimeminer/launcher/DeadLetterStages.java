package io.realtimeminer.launcher;

import io.realtimeminer.connect.ItemsSinkConfig;
import io.realtimeminer.connect.JdbcSinkConfig;
import io.realtimeminer.connect.SightingsSinkConfig;
import io.realtimeminer.connect.SourceStatusSinkConfig;
import io.realtimeminer.control.deadletters.DeadLetterStage;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;

/** Every stage that parks records on a dead-letter topic, with the topic the settings give it. */
final class DeadLetterStages {

    private DeadLetterStages() {
    }

    static List<DeadLetterStage> of(Map<String, Object> settings) {
        TopologyConfig topologies = new TopologyConfig(settings);
        return List.of(
                new DeadLetterStage("templates", Topics.TEMPLATES_DLQ, Topics.TEMPLATES,
                        "templates the fetchers refused (every violation) or could not apply"),
                new DeadLetterStage("dedupe", topologies.deadLetterTopic("dedupe"), null,
                        "records of miner.items.raw the dedupe topology could not read"),
                new DeadLetterStage("enrichment", topologies.deadLetterTopic("enrichment"), null,
                        "records the enrichment topology could not read"),
                new DeadLetterStage("items-sink", sinkDlq(settings, EmbeddedStack.SINK_PREFIX, ItemsSinkConfig.CONFIG_DEF), null,
                        "items the database refused or the sink could not read"),
                new DeadLetterStage("sightings-sink", sinkDlq(settings, EmbeddedStack.SIGHTINGS_SINK_PREFIX, SightingsSinkConfig.CONFIG_DEF),
                        null, "sightings the database refused or the sink could not read"),
                new DeadLetterStage("status-sink", sinkDlq(settings, EmbeddedStack.STATUS_SINK_PREFIX, SourceStatusSinkConfig.CONFIG_DEF),
                        null, "source statuses the database refused or the sink could not read"));
    }

    /** The sink's {@code dlq.topic}: as set with the sink's prefix, else its default. */
    private static String sinkDlq(Map<String, Object> settings, String prefix, ConfigDef definition) {
        Object set = settings.get(prefix + JdbcSinkConfig.DLQ_TOPIC);
        return set != null ? set.toString() : (String) definition.defaultValues().get(JdbcSinkConfig.DLQ_TOPIC);
    }
}
