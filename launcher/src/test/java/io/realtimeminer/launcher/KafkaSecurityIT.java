package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedKafka;
import io.realtimeminer.stack.PipelineTopics;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on an embedded broker that takes SASL only (kafka.sasl.enabled): every client
 * the project builds (fetcher, detail fetcher, state store, Streams, the Connect worker and its
 * sink tasks, the topic admin) logs in with the settings the stack hands out, and items reach
 * PostgreSQL; a client with a wrong password fails fast with the broker's reason, never a hang.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class KafkaSecurityIT {

    private Path dataDir;
    private RunningPipeline running;
    private DemoSite site;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        assertThat(new StackConfig(Map.of()).kafkaSaslEnabled()).as("SASL is on by default").isTrue();
        this.dataDir = shared.dataDir();
        running = shared.pipeline();
        site = shared.site();
    }


    @Test
    void everyClientLogsInAndItemsReachPostgres() throws Exception {
        assertThat(running.endpoints().kafkaClientSettings())
                .containsEntry(KafkaClients.CLIENT_PREFIX + "security.protocol", "SASL_PLAINTEXT")
                .containsEntry(KafkaClients.CLIENT_PREFIX + "sasl.mechanism", "PLAIN");
        site.feed("secure");
        try (TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
            templates.put("secure", "{\"url\":\"" + site.url("secure") + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}");
        }
        site.post("secure");
        site.post("secure");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> storedUrls("secure") >= 2);
        assertThat(storedUrls("secure")).isEqualTo(2);
    }

    @Test
    void thePasswordAndTheDataAreKeptForTheirOwnerOnlyAndJoiningProcessesUseIt() throws Exception {
        Path state = dataDir.resolve(StackState.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        String password = StackState.load(dataDir).recordedValue(StackState.KAFKA_SASL_PASSWORD).orElseThrow();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);

        ClusterAddresses joined = ClusterAddresses.resolve(new HashMap<>(Map.of(StackConfig.DATA_DIR, dataDir.toString())));
        assertThat(joined.kafkaClientSettings()).isEqualTo(running.endpoints().kafkaClientSettings());
    }

    @Test
    void aWrongPasswordFailsFastWithTheBrokersReason() {
        Map<String, String> wrong = EmbeddedKafka.clientSettings("not-the-password");
        KafkaClients clients = KafkaClients.of(running.endpoints().bootstrapServers(), wrong);
        long start = System.nanoTime();

        assertThatThrownBy(() -> {
            try (PipelineTopics topics = new PipelineTopics(clients, (short) -1)) {
                topics.ensure("never-created", 1, Map.of());
            }
        }).hasStackTraceContaining("Authentication failed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no hang").isLessThan(Duration.ofSeconds(30));

        // A fetcher instance with it stops at once, reporting why: `miner fetcher` exits with this reason.
        Map<String, Object> settings = new HashMap<>(wrong);
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, running.endpoints().bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, running.endpoints().registryUrl());
        settings.put(FetcherConfig.DETAILS_ENABLED, "false");
        settings.put(FetcherConfig.FETCH_STATE_ENABLED, "false");
        try (Fetcher fetcher = new Fetcher(new FetcherConfig(settings), result -> { }).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> fetcher.failure().isPresent());
            assertThat(fetcher.failure().get()).contains("Authentication failed");
        }
    }

    /**
     * A registry behind basic auth is given as {@code http://user:password@host}: a fetcher sends
     * its items through it (schema lookups carry the login), and they reach PostgreSQL; with a
     * wrong password the instance does not start and says the registry refused which user.
     */
    @Test
    void aRegistryBehindBasicAuthIsReachedWithTheLoginInItsUrl() throws Exception {
        try (BasicAuthProxy proxy = new BasicAuthProxy(running.endpoints().registryUrl(), "miner", "s@cr:et")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new Fetcher(new FetcherConfig(poolFetcher("http://miner:guess@127.0.0.1:" + proxy.port())),
                    result -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refused the login of user 'miner' (HTTP 401)")
                    .hasMessageNotContaining("guess");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no hang").isLessThan(Duration.ofSeconds(15));
            assertThat(proxy.refused()).isPositive();

            site.feed("registry-login");
            site.post("registry-login");
            site.post("registry-login");
            String registry = "http://miner:s%40cr%3Aet@127.0.0.1:" + proxy.port();
            try (Fetcher fetcher = new Fetcher(new FetcherConfig(poolFetcher(registry)), result -> { }).start();
                 TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
                templates.put("registry-login", "{\"url\":\"" + site.url("registry-login")
                        + "\",\"kind\":\"feed\",\"interval\":\"PT1S\",\"pool\":\"registry-login\"}");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> storedUrls("registry-login") >= 2);
                assertThat(fetcher.failure()).isEmpty();
            }
            assertThat(storedUrls("registry-login")).isEqualTo(2);
            assertThat(proxy.forwarded()).as("schema lookups went through the proxy with the login").isPositive();
        }
    }

    /** A fetcher of its own pool (so no other instance polls its source) on the shared Kafka. */
    private Map<String, Object> poolFetcher(String registryUrl) {
        Map<String, Object> settings = new HashMap<>(running.endpoints().kafkaClientSettings());
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, running.endpoints().bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, registryUrl);
        settings.put(FetcherConfig.POOL, "registry-login");
        settings.put(FetcherConfig.DETAILS_ENABLED, "false");
        settings.put(FetcherConfig.FETCH_STATE_ENABLED, "false");
        settings.put(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true");
        settings.put(FetcherConfig.MIN_INTERVAL_MS, "500"); // as the shared pipeline's, or the template would be refused
        return settings;
    }

    /** The console-tool wrappers (bin/kafka-console-producer|consumer) find the local stack's Kafka and log in by themselves. */
    @Test
    void theConsoleToolsLogInByThemselves() throws Exception {
        String template = "{\"url\":\"" + site.url("console") + "\",\"kind\":\"feed\",\"interval\":\"PT1H\"}";
        ConsoleRun produced = console("console-source|" + template + "\n", "producer", "--topic", Topics.TEMPLATES,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=|");
        assertThat(produced.exitCode()).as(produced.output()).isZero();

        ConsoleRun consumed = console("", "consumer", "--topic", Topics.TEMPLATES, "--from-beginning",
                "--formatter-property", "print.key=true", "--max-messages", "100", "--timeout-ms", "10000");
        assertThat(consumed.output()).contains("console-source").contains(site.url("console").toString());
    }

    private record ConsoleRun(int exitCode, String output) {
    }

    private ConsoleRun console(String input, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), ConsoleTool.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MINER_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ConsoleRun(process.exitValue(), output);
    }

    private int storedUrls(String sourceId) throws Exception {
        try (Connection db = DriverManager.getConnection(running.endpoints().jdbcUrl(), running.endpoints().jdbcUser(),
                running.endpoints().jdbcPassword());
             ResultSet rows = db.createStatement().executeQuery("select count(*) from items where source_id = '" + sourceId + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
