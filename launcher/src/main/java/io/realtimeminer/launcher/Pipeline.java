package io.realtimeminer.launcher;

import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.control.HealthCheck;
import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.schedule.PollListener;
import io.realtimeminer.fetcher.state.FetchStateTopic;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryErrors;
import io.realtimeminer.kafka.TopicSchemas;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.net.UrlLogin;
import io.realtimeminer.stack.PipelineTopics;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.topology.PipelineTopologies;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.LinkedHashMap;
import java.util.Optional;

/** The pipeline's own processes on one machine: the topologies and a fetcher, over given Kafka and registry addresses. */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineTopologies topologies;
    private final Fetcher fetcher;
    private final ControlPlane control;
    private final AutoCloseable announcer;

    private Pipeline(PipelineTopologies topologies, Fetcher fetcher, ControlPlane control, AutoCloseable announcer) {
        this.topologies = topologies;
        this.fetcher = fetcher;
        this.control = control;
        this.announcer = announcer;
    }

    /**
     * Creates missing topics, then starts the topologies and one fetcher on the stack's Kafka and
     * registry, every client logging in with the settings the stack hands out.
     *
     * @param settings  the miner's property map (see {@link MinerConfig})
     * @param endpoints where the stack's parts answer
     * @param listener  told about every poll
     */
    public static Pipeline start(Map<String, Object> settings, StackEndpoints endpoints, PollListener listener) {
        Map<String, Object> withClients = new HashMap<>(settings);
        withClients.putAll(endpoints.kafkaClientSettings());
        return start(withClients, endpoints.bootstrapServers(), endpoints.registryUrl(), listener);
    }

    /**
     * As above, on Kafka and a registry given by address ({@code settings} holding whatever
     * {@code kafka.client.*} settings their clients need).
     */
    public static Pipeline start(Map<String, Object> settings, String bootstrapServers, String registryUrl, PollListener listener) {
        MinerConfig miner = new MinerConfig(settings);
        Map<String, Object> effective = new HashMap<>(settings);
        effective.put(FetcherConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        effective.put(FetcherConfig.REGISTRY_URL, registryUrl);
        effective.putIfAbsent(TopologyConfig.STATE_DIR, new StackConfig(settings).dataDir().resolve("streams").toString());
        short replicationFactor = new StackConfig(settings).replicationFactor();
        // One replication factor for every topic the project creates, the Streams internals' included.
        effective.putIfAbsent(TopologyConfig.REPLICATION_FACTOR, (int) replicationFactor);
        createTopics(KafkaClients.of(bootstrapServers, effective), miner, new TopologyConfig(effective), replicationFactor);
        registerSchemas(registryUrl);
        AtomicReference<Fetcher> started = new AtomicReference<>();
        PipelineTopologies topologies = new PipelineTopologies(new TopologyConfig(effective));
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("topologies", InstanceControl.topologiesCheck(topologies));
        if (miner.inProcessFetcher()) {
            checks.put("fetcher", () -> Optional.ofNullable(started.get()).map(Fetcher::failure).orElse(Optional.of("starting")));
        }
        KafkaClients clients = KafkaClients.of(bootstrapServers, effective);
        String instanceId = "up-" + ProcessHandle.current().pid();
        ControlPlane control = InstanceControl.start(effective, clients, registryUrl, instanceId, checks);
        InstanceControl.meter(control, topologies);
        topologies.start();
        AutoCloseable announcer = InstanceControl.announceTopologies(effective, clients, registryUrl, instanceId, control);
        if (miner.inProcessFetcher()) {
            started.set(new Fetcher(new FetcherConfig(effective), listener, InstanceControl.fetcherContext(effective, control)).start());
        }
        return new Pipeline(topologies, started.get(), control, announcer);
    }

    /**
     * Registers the topics' schemas before any instance sends: instances that start together then
     * only find them. A registry that cannot be reached now is not fatal: the serializers register
     * them on their first sends, and retry.
     */
    private static void registerSchemas(String registryUrl) {
        try {
            TopicSchemas.registerAll(registryUrl);
        } catch (RuntimeException e) {
            if (RegistryErrors.loginRefused(e)) {
                // Every send would fail the same way: stop now, saying what to set.
                throw new IllegalStateException(UrlLogin.strip(registryUrl) + ": " + RegistryErrors.describe(e), e);
            }
            LOG.warn("could not register the topics' schemas now ({}); the serializers will on their first sends",
                    RegistryErrors.describe(e));
        }
    }

    private static void createTopics(KafkaClients clients, MinerConfig miner, TopologyConfig topologies, short replicationFactor) {
        Map<String, String> items = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(miner.itemsRetentionMs()));
        try (PipelineTopics topics = new PipelineTopics(clients, replicationFactor)) {
            topics.ensure(Topics.TEMPLATES, miner.templatesPartitions(), PipelineTopics.COMPACTED);
            // Partition p of the state holds the sources of template partition p.
            topics.ensure(Topics.FETCH_STATE, miner.templatesPartitions(), FetchStateTopic.CONFIG);
            topics.ensure(Topics.TEMPLATES_DLQ, 1, Map.of());
            topics.ensure(Topics.DEAD_LETTER_REPLAYS, 1, PipelineTopics.COMPACTED);
            // The control plane: every source's last poll, every instance's heartbeat.
            topics.ensure(Topics.SOURCE_STATUS, miner.templatesPartitions(), PipelineTopics.COMPACTED);
            topics.ensure(Topics.INSTANCES, 1, PipelineTopics.COMPACTED);
            // Co-partitioned with the templates: the owner of template partition p reads command partition p.
            topics.ensure(Topics.COMMANDS, miner.templatesPartitions(), Map.of(TopicConfig.RETENTION_MS_CONFIG,
                    Long.toString(Duration.ofDays(1).toMillis())));
            // Without its topic a topology's dead letter fails the stream thread, and the poison record comes back.
            topologies.deadLetterTopics().forEach(topic -> topics.ensure(topic, 1, Map.of()));
            for (String topic : List.of(Topics.ITEMS_RAW, Topics.ITEMS_NEW, Topics.ITEMS_DETAILS, Topics.ITEMS_ENRICHED, Topics.SIGHTINGS)) {
                // miner.items.details has the partitions of miner.items.new: the enrichment joins them by partition.
                topics.ensure(topic, miner.itemsPartitions(), items);
            }
        }
    }

    /** Waits until the topologies run (their tasks are assigned), so items flow end to end. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!topologies.running()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Why a part of the pipeline stopped for good (a topology, the fetcher), or empty while all work. */
    public Optional<String> failure() {
        return topologies.failure().or(() -> fetcher == null ? Optional.empty() : fetcher.failure());
    }

    /** The process's control plane: its API (when enabled), its metrics and its view of the cluster. */
    public ControlPlane control() {
        return control;
    }

    /** The in-process fetcher, if {@code pipeline.fetcher.enabled}. */
    public Optional<Fetcher> fetcher() {
        return Optional.ofNullable(fetcher);
    }

    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        InstanceControl.closeQuietly(announcer);
        topologies.close();
        control.close();
    }
}
