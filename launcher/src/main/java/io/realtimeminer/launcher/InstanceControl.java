package io.realtimeminer.launcher;

import io.realtimeminer.control.ControlConfig;
import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.control.HealthCheck;
import io.realtimeminer.fetcher.InstanceContext;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.status.InstanceAnnouncer;
import io.realtimeminer.status.InstanceFacts;
import io.realtimeminer.status.StatusSettings;
import io.realtimeminer.topology.PipelineTopologies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The control plane of a {@code miner up}, {@code miner fetcher} or {@code miner topology}
 * process, started before its work so that its API's URL goes into its heartbeat.
 */
final class InstanceControl {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceControl.class);

    private InstanceControl() {
    }

    /**
     * @param checks the process's components for /health, looked up at each request (they may start after this)
     */
    static ControlPlane start(Map<String, Object> settings, KafkaClients clients, String registryUrl, String instanceId,
                              Map<String, HealthCheck> checks) {
        ControlConfig config = new ControlConfig(settings);
        ControlPlane plane = new ControlPlane(config.control(), config.status(), config.webhook(), clients, registryUrl,
                config.templateParser(), instanceId, DeadLetterStages.of(settings));
        checks.forEach(plane::health);
        plane.imports(new OpmlImportPlanner(settings));
        plane.previews(new TemplatePreviews(settings));
        plane.push(config.push());
        return plane.start();
    }

    /** What a fetcher of this process gets from its control plane. */
    static InstanceContext fetcherContext(Map<String, Object> settings, ControlPlane plane) {
        return new InstanceContext(new ControlConfig(settings).status(), plane.metrics(), plane.url());
    }

    /**
     * Announces this process's topologies on miner.instances (role topology, no pool) until
     * closed, so that /instances and miner status list them and they may post alerts; nothing
     * when the status is off.
     */
    static AutoCloseable announceTopologies(Map<String, Object> settings, KafkaClients clients, String registryUrl, String instanceId,
                                            ControlPlane plane) {
        StatusSettings status = new ControlConfig(settings).status();
        if (!status.enabled()) {
            return () -> { };
        }
        return new InstanceAnnouncer(clients, registryUrl, new InstanceAnnouncer.Identity(instanceId, "topology", null, plane.url()),
                status.heartbeat(), () -> InstanceFacts.NONE).start();
    }

    /** Closes an announcer; a failure (Kafka gone at shutdown) must not stop the rest of the shutdown. */
    static void closeQuietly(AutoCloseable announcer) {
        try {
            announcer.close();
        } catch (Exception e) {
            LOG.warn("could not write the clean stop of the topologies' heartbeat: {}", e.toString());
        }
    }

    /** The topologies' line in /health: ready once both Streams applications run. */
    static HealthCheck topologiesCheck(PipelineTopologies topologies) {
        return () -> topologies.failure().or(() -> topologies.running() ? Optional.empty()
                : Optional.of("not running yet (rebalancing or restoring)"));
    }

    /** Serves the Streams applications' own metrics (their consumers', producers' and tasks') on /metrics. */
    static void meter(ControlPlane plane, PipelineTopologies topologies) {
        topologies.applications().values().forEach(streams -> plane.bind(new KafkaStreamsMetrics(streams)));
    }
}
