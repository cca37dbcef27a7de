package io.realtimeminer.topology;

import io.realtimeminer.health.InstanceHealth;
import io.realtimeminer.kafka.RegistryAccess;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs the dedupe and enrichment topologies as two Streams applications of one process, and
 * tells when one of them has stopped for good ({@link #failure()}), so that the process exits and
 * its tasks move to the other instances.
 */
public final class PipelineTopologies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineTopologies.class);

    /** The applications by name (dedupe, enrichment). */
    private final Map<String, KafkaStreams> applications = new LinkedHashMap<>();
    private final InstanceHealth health = new InstanceHealth();
    private volatile boolean closing;

    public PipelineTopologies(TopologyConfig config) {
        config.bootstrapServers(); // a clear error now, rather than Streams failing to resolve an empty address later
        // A login the registry refuses would stop every record: say so now, before any thread starts.
        RegistryAccess.requireLogin(config.registryUrl());
        StreamsBuilder dedupe = new StreamsBuilder();
        DedupeTopology.build(dedupe, DedupeSerdes.registry(config.registryUrl()), config);
        StreamsBuilder enrichment = new StreamsBuilder();
        EnrichmentTopology.build(enrichment, EnrichmentSerdes.registry(config.registryUrl()), config, Clock.systemUTC());

        applications.put("dedupe", streams(dedupe.build(), config, "dedupe"));
        applications.put("enrichment", streams(enrichment.build(), config, "enrichment"));
    }

    private KafkaStreams streams(Topology topology, TopologyConfig config, String name) {
        Properties props = new Properties();
        props.putAll(config.streamsProperties(name));
        TopologyDescription description = topology.describe();
        LOG.debug("{} topology:\n{}", name, description);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("{} stream thread failed; replacing it", name, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING && !closing) {
                health.failed("the " + name + " topology stopped (" + now + ")");
            }
        });
        if (!description.globalStores().isEmpty()) {
            wipeGlobalStores(props, name);
        }
        return streams;
    }

    /**
     * Deletes the application's global stores before it starts: they are always rebuilt from their
     * topic. After a crash under exactly-once, Streams 4.3 finds such a store "open" and refuses it
     * without wiping it (KAFKA-21034), so the application would fail at every start. Runs after the
     * KafkaStreams constructor took the state directory's lock, so no other instance uses it.
     */
    private static void wipeGlobalStores(Properties props, String name) {
        Path global = Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG),
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), "global");
        try {
            Utils.delete(global.toFile());
        } catch (IOException e) {
            LOG.warn("could not delete the {} topology's global stores in {} ({}); Streams may refuse them", name, global, e.toString());
        }
    }

    /**
     * Starts both applications. One that cannot start (e.g. its state cannot be opened) is
     * reported by {@link #failure()}; the other keeps running until the process exits.
     */
    public PipelineTopologies start() {
        applications.forEach((name, streams) -> {
            try {
                streams.start();
            } catch (RuntimeException e) {
                health.failed("the " + name + " topology", e);
            }
        });
        return this;
    }

    /** Why a topology stopped for good (an error its threads could not recover from), or empty while both run. */
    public Optional<String> failure() {
        return health.failure();
    }

    /** The Streams applications by name (dedupe, enrichment), e.g. for their metrics. */
    public Map<String, KafkaStreams> applications() {
        return Map.copyOf(applications);
    }

    /** True once every application is running (has its tasks assigned). */
    public boolean running() {
        return applications.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
    }

    @Override
    public void close() {
        closing = true;
        // Leave the group at once, so a restarted or remaining instance takes the tasks over
        // without waiting for the session timeout.
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        applications.values().forEach(s -> s.close(leave));
    }
}
