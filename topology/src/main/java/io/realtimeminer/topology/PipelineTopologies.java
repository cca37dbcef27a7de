package io.realtimeminer.topology;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Runs the dedupe and enrichment topologies as two Streams applications of one process. */
public final class PipelineTopologies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineTopologies.class);

    private final List<KafkaStreams> applications;

    public PipelineTopologies(TopologyConfig config) {
        StreamsBuilder dedupe = new StreamsBuilder();
        DedupeTopology.build(dedupe, DedupeSerdes.registry(config.registryUrl()), config);
        StreamsBuilder enrichment = new StreamsBuilder();
        EnrichmentTopology.build(enrichment, EnrichmentSerdes.registry(config.registryUrl()), config, Clock.systemUTC());

        this.applications = List.of(
                streams(dedupe.build(), config, "dedupe"),
                streams(enrichment.build(), config, "enrichment"));
    }

    private static KafkaStreams streams(Topology topology, TopologyConfig config, String name) {
        Properties props = new Properties();
        props.putAll(config.streamsProperties(name));
        LOG.debug("{} topology:\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("{} stream thread failed; replacing it", name, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return streams;
    }

    public PipelineTopologies start() {
        applications.forEach(KafkaStreams::start);
        return this;
    }

    /** True once every application is running (has its tasks assigned). */
    public boolean running() {
        return applications.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
    }

    @Override
    public void close() {
        // Leave the group at once, so a restarted or remaining instance takes the tasks over
        // without waiting for the session timeout.
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        applications.forEach(s -> s.close(leave));
    }
}
