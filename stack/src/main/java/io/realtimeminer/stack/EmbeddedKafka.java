package io.realtimeminer.stack;

import io.realtimeminer.kafka.KafkaClients;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka (broker and controller in one) running in this JVM, storing its logs in
 * {@code <dir>}; it resumes from them when started again on the same directory.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The user of a SASL listener. */
    public static final String SASL_USER = "miner";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    /**
     * How long a start waits for the transaction coordinator to finish the transactions it resumes
     * (a crash between PrepareCommit and the markers leaves it finishing one for up to the broker
     * session timeout, 9 s) before it looks for transactions left open.
     */
    private static final Duration TRANSACTIONS_SETTLE = Duration.ofSeconds(30);

    private final Path dir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final String saslPassword;
    private final String host;
    private KafkaRaftServer server;
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * @param dir            log and metadata directory
     * @param clusterId      the id to format a new directory with (a formatted one keeps its own)
     * @param port           client listener on 127.0.0.1 (or the host of the constructor that takes one)
     * @param controllerPort KRaft controller listener on 127.0.0.1; must stay the same for a directory
     */
    public EmbeddedKafka(Path dir, String clusterId, int port, int controllerPort) {
        this(dir, clusterId, port, controllerPort, null);
    }

    /**
     * As above; with {@code saslPassword} the client listener takes SASL (PLAIN over plaintext, on
     * 127.0.0.1) and only user {@link #SASL_USER} with that password, the broker itself included.
     */
    public EmbeddedKafka(Path dir, String clusterId, int port, int controllerPort, String saslPassword) {
        this(dir, clusterId, LOOPBACK, port, controllerPort, saslPassword);
    }

    /**
     * As above, with the client listener on {@code host} (an address of this machine), which is
     * also the address it gives clients; the controller stays on 127.0.0.1.
     */
    public EmbeddedKafka(Path dir, String clusterId, String host, int port, int controllerPort, String saslPassword) {
        this.host = host;
        this.dir = dir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslPassword = saslPassword;
    }

    /** The client settings ({@code kafka.client.*}) that log in to this broker; empty without SASL. */
    public Map<String, String> clientSettings() {
        return clientSettings(saslPassword);
    }

    /** The client settings that log in to an embedded broker with this SASL password; empty for null. */
    public static Map<String, String> clientSettings(String saslPassword) {
        if (saslPassword == null) {
            return Map.of();
        }
        return Map.of(KafkaClients.CLIENT_PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                KafkaClients.CLIENT_PREFIX + SaslConfigs.SASL_MECHANISM, "PLAIN",
                KafkaClients.CLIENT_PREFIX + SaslConfigs.SASL_JAAS_CONFIG, plainLogin(SASL_USER, saslPassword));
    }

    /** A JAAS line for SASL/PLAIN. */
    public static String plainLogin(String user, String password) {
        return PlainLoginModule.class.getName() + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** A random cluster id in Kafka's format, for a new data dir. */
    public static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    public String bootstrapServers() {
        return address(host) + ":" + port;
    }

    /** A host as it goes before {@code :port}: an IPv6 literal in brackets. */
    static String address(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Formats the directory if it is new, starts the server and waits until it answers clients. */
    public synchronized void start(Duration timeout) {
        Properties props = serverProperties();
        format(props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitClients(timeout);
    }

    Properties serverProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        String clients = saslPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        props.put("listeners", clients + "://" + address(host) + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", clients + "://" + address(host) + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("listener.security.protocol.map", clients + ":" + clients + ",CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", clients);
        if (saslPassword != null) {
            // PLAIN with its users in the listener's JAAS line: the broker logs in as the one user there is.
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", PlainLoginModule.class.getName()
                    + " required username=\"" + SASL_USER + "\" password=\"" + saslPassword + "\" user_" + SASL_USER + "=\""
                    + saslPassword + "\";");
        }
        props.put("log.dirs", dir.toString());

        // One node: every internal topic with one replica, or it is never created (consumer groups,
        // transactions of exactly_once_v2 and share groups would wait forever).
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // Classic groups (Connect's sink tasks) need not wait 3 s for more members that never come;
        // groups of the new protocol (group.protocol=consumer) are enabled by default since Kafka 4.0.
        props.put("group.initial.rebalance.delay.ms", "0");
        // KIP-848 groups (the fetchers): a killed member's partitions move after 6 s, not 45 s, and
        // the others learn their new share at their next heartbeat (1.5 s). The trade-off: a member
        // whose heartbeat thread stalls longer than this (GC, overload) loses its share too.
        props.put("group.consumer.min.session.timeout.ms", "6000");
        props.put("group.consumer.session.timeout.ms", "6000");
        props.put("group.consumer.min.heartbeat.interval.ms", "1000");
        props.put("group.consumer.heartbeat.interval.ms", "1500");
        // Topics are created on purpose (PipelineTopics, with their partition counts), never as a
        // side effect of a producer or consumer naming them, as on a production cluster.
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void format(Properties props) {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile("kafka-format", ".properties");
            try (Writer writer = Files.newBufferedWriter(file)) {
                props.store(writer, "Written for kafka-storage format; the broker itself is configured in code.");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                // Never StorageTool.main: it exits the JVM. --ignore-formatted keeps an existing
                // directory (and its cluster id) as it is; --standalone makes this node the quorum.
                exitCode = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", file.toString(),
                        "--standalone", "--ignore-formatted"}, out);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Formatting " + dir + " failed: " + e.getMessage(), e);
            } finally {
                Files.delete(file);
            }
            String said = output.toString(StandardCharsets.UTF_8).trim();
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting " + dir + " failed (" + exitCode + "): " + said);
            }
            log.debug("kafka-storage format: {}", said);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format " + dir, e);
        }
    }

    /**
     * Waits until the broker answers clients, then ends the transactions a crash of the previous
     * run left open (see {@link HangingTransactions}), before any client of the pipeline starts.
     */
    private void awaitClients(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        Map<String, Object> adminSettings = KafkaClients.of(bootstrapServers(), clientSettings()).admin("miner-stack-kafka");
        try (Admin admin = Admin.create(adminSettings)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(deadline.remainingMillis(1_000), TimeUnit.MILLISECONDS);
                    break;
                } catch (Exception e) {
                    deadline.check("Kafka at " + bootstrapServers() + " to answer", e);
                    deadline.pause(Duration.ofMillis(100));
                }
            }
            HangingTransactions.repair(admin, adminSettings, TRANSACTIONS_SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Kafka", e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
