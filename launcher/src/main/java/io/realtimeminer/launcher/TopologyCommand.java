package io.realtimeminer.launcher;

import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.topology.PipelineTopologies;
import io.realtimeminer.topology.TopologyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code miner topology}: one more instance of the dedupe and enrichment topologies; the tasks spread over all instances. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Run one instance of the Streams topologies against a running pipeline (this machine's 'miner up', or the configured servers).")
final class TopologyCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        System.out.println("Log: " + RunningMiner.routeLogs(settings, "topology"));
        ClusterAddresses cluster = ClusterAddresses.resolve(settings);
        settings.put(TopologyConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        settings.put(TopologyConfig.REGISTRY_URL, cluster.registryUrl());
        settings.putAll(cluster.kafkaClientSettings());
        settings.putIfAbsent(TopologyConfig.REPLICATION_FACTOR, (int) new StackConfig(settings).replicationFactor());
        // Each instance on a machine needs its own state directory (Streams locks it).
        settings.putIfAbsent(TopologyConfig.STATE_DIR, new StackConfig(settings).dataDir()
                .resolve("streams-" + ManagementFactory.getRuntimeMXBean().getPid()).toString());
        PipelineTopologies topologies = new PipelineTopologies(new TopologyConfig(settings));
        KafkaClients clients = KafkaClients.of(cluster.bootstrapServers(), settings);
        String instanceId = "topology-" + ProcessHandle.current().pid();
        ControlPlane control = InstanceControl.start(settings, clients, cluster.registryUrl(), instanceId,
                Map.of("topologies", InstanceControl.topologiesCheck(topologies)));
        InstanceControl.meter(control, topologies);
        topologies.start();
        AutoCloseable announcer = InstanceControl.announceTopologies(settings, clients, cluster.registryUrl(), instanceId, control);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the topologies (their tasks move to the other instances)...");
            InstanceControl.closeQuietly(announcer);
            topologies.close();
            control.close();
        }, "topology-shutdown"));
        System.out.println("Topologies joined at " + cluster.bootstrapServers() + ". Ctrl-C to stop.");
        if (control.url() != null) {
            System.out.println("HTTP API: " + control.url());
        }
        RunningMiner.awaitShutdown(topologies::failure);
        return 0;
    }
}
