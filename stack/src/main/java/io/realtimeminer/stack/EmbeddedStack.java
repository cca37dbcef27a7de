package io.realtimeminer.stack;

import io.realtimeminer.connect.ConnectWorkerConfig;
import io.realtimeminer.connect.ItemsSinkConfig;
import io.realtimeminer.connect.JdbcSinkConfig;
import io.realtimeminer.connect.PluginFolders;
import io.realtimeminer.connect.SightingsSinkConfig;
import io.realtimeminer.connect.SourceStatusSinkConfig;
import io.realtimeminer.connect.UpsertSinkConnector;
import io.realtimeminer.net.UrlLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole infrastructure of the pipeline: Kafka, PostgreSQL with the items and sightings tables,
 * the schema registry, and a Kafka Connect worker running the items, sightings and source status sinks; each
 * embedded unless configured as external. Data lives under the configured data dir, and a new start on it resumes.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = new EmbeddedStack()) {
 *     StackEndpoints endpoints = stack.start(StackConfig.defaults(), StartListener.silent());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    /** Settings with this prefix configure the items sink ({@link ItemsSinkConfig}), e.g. {@code sink.batch.size}. */
    public static final String SINK_PREFIX = "sink.";
    /** Settings with this prefix configure the sightings sink ({@link SightingsSinkConfig}), e.g. {@code sightings.sink.tasks.max}. */
    public static final String SIGHTINGS_SINK_PREFIX = "sightings.sink.";
    /** Settings with this prefix configure the source status sink ({@link SourceStatusSinkConfig}), e.g. {@code status.sink.batch.size}. */
    public static final String STATUS_SINK_PREFIX = "status.sink.";
    /** Settings with this prefix configure the Connect worker ({@link ConnectWorkerConfig}). */
    public static final String WORKER_PREFIX = "connect.worker.";
    /** The embedded Connect REST API's user; its password is generated and kept in {@link StackState#FILE_NAME}. */
    public static final String CONNECT_USER = "miner";
    /** The file (in the data dir) the embedded Connect worker reads its REST logins from. */
    static final String CONNECT_LOGINS_FILE = "connect-rest.logins";

    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private EmbeddedRegistry registry;
    private EmbeddedConnect connect;
    private SinkSupervisor supervisor;
    private Thread shutdownHook;
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();
    private StackEndpoints endpoints;
    private Duration startupTimeout;
    private boolean started;

    /**
     * Starts every part that is not external (Kafka, PostgreSQL and the registry in parallel, then
     * Connect), applies the table migrations and creates or updates the items sink connector, then
     * the sightings and source status sink connectors, then has a {@link SinkSupervisor} restart them
     * whenever they fail.
     * On failure, stops what it had started and throws.
     */
    public synchronized StackEndpoints start(StackConfig config, StartListener listener) {
        if (started) {
            throw new IllegalStateException("The stack was started already; use a new EmbeddedStack");
        }
        started = true;
        shutdownHook = new Thread(this::close, "embedded-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            endpoints = startAll(config, listener);
            return endpoints;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Where an embedded stack that runs (in another process) on {@code config}'s data dir answers, with
     * the logins it generated: from what it recorded in {@link StackState#FILE_NAME}.
     *
     * @throws IllegalStateException when no stack ever started on that data dir
     */
    public static StackEndpoints recordedEndpoints(StackConfig config) {
        Path dataDir = config.dataDir();
        StackState state = StackState.load(dataDir);
        int kafka = recorded(state, StackConfig.KAFKA_PORT, dataDir);
        int postgres = recorded(state, StackConfig.POSTGRES_PORT, dataDir);
        int registry = recorded(state, StackConfig.REGISTRY_PORT, dataDir);
        int connect = recorded(state, StackConfig.CONNECT_PORT, dataDir);
        String password = config.jdbcPassword().isEmpty() ? state.recordedValue(StackState.POSTGRES_PASSWORD).orElse("") : config.jdbcPassword();
        String connectUrl = state.recordedValue(StackState.CONNECT_REST_PASSWORD)
                .map(secret -> new UrlLogin(CONNECT_USER, secret).into("http://127.0.0.1:" + connect))
                .orElse("http://127.0.0.1:" + connect);
        return new StackEndpoints(kafkaAddress(state, kafka), registryAddress(state, registry),
                "jdbc:postgresql://127.0.0.1:" + postgres + "/" + config.postgresDatabase(), config.jdbcUser(), password, connectUrl, dataDir,
                EmbeddedKafka.clientSettings(state.recordedValue(StackState.KAFKA_SASL_PASSWORD).orElse(null)));
    }

    /** The bootstrap address of the embedded Kafka that ran on the data dir of {@code state}, if one ever did. */
    public static Optional<String> recordedBootstrapServers(StackState state) {
        return state.recordedPort(StackConfig.KAFKA_PORT).map(port -> kafkaAddress(state, port));
    }

    /** The URL of the embedded registry that ran on the data dir of {@code state}, if one ever did. */
    public static Optional<String> recordedRegistryUrl(StackState state) {
        return state.recordedPort(StackConfig.REGISTRY_PORT).map(port -> registryAddress(state, port));
    }

    private static String kafkaAddress(StackState state, int port) {
        return EmbeddedKafka.address(recordedHost(state)) + ":" + port;
    }

    private static String registryAddress(StackState state, int port) {
        return "http://" + EmbeddedKafka.address(recordedHost(state)) + ":" + port;
    }

    /** Where the stack on this data dir listened last (stack.host); 127.0.0.1 for one that never said. */
    private static String recordedHost(StackState state) {
        return state.recordedValue(StackConfig.STACK_HOST).orElse("127.0.0.1");
    }

    private static int recorded(StackState state, String port, Path dataDir) {
        return state.recordedPort(port).orElseThrow(() -> new IllegalStateException("no embedded stack ever started on " + dataDir
                + " (" + port + " is not recorded there)"));
    }

    /** The endpoints of the started stack. */
    public synchronized StackEndpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("The stack is not running");
        }
        return endpoints;
    }

    private StackEndpoints startAll(StackConfig config, StartListener listener) {
        Path dataDir = config.dataDir();
        createDirectories(dataDir);
        ownerOnly(dataDir);
        StackState state = StackState.load(dataDir);
        Duration timeout = config.startupTimeout();
        startupTimeout = timeout;
        // A run killed with SIGKILL leaves its child processes behind, holding the recorded ports.
        if (config.externalJdbcUrl().isEmpty()) {
            EmbeddedPostgres.stopOrphan(dataDir.resolve("postgres"), timeout);
        }
        if (config.externalRegistryUrl().isEmpty()) {
            EmbeddedRegistry.stopOrphan(dataDir.resolve("registry"));
        }

        // Every port is chosen (and recorded) before anything starts, so that no two parts race
        // for the same free port.
        Map<StackComponent, Integer> ports = new HashMap<>();
        if (!config.kafkaSaslEnabled()) {
            // Processes joining this data dir's Kafka (miner fetcher, the console tools) log in with it when recorded.
            state.forget(StackState.KAFKA_SASL_PASSWORD);
        }
        if (config.externalBootstrapServers().isEmpty()) {
            ports.put(StackComponent.KAFKA, state.port("kafka.port", config.kafkaPort()));
            kafka = new EmbeddedKafka(dataDir.resolve("kafka"),
                    state.value("kafka.cluster.id", EmbeddedKafka::newClusterId), config.stackHost(),
                    ports.get(StackComponent.KAFKA), state.port("kafka.controller.port", config.kafkaControllerPort()),
                    config.kafkaSaslEnabled() ? state.secret(StackState.KAFKA_SASL_PASSWORD) : null);
        }
        DatabaseLogin login = new DatabaseLogin(config.jdbcUser(), config.jdbcPassword().isEmpty() && config.externalJdbcUrl().isEmpty()
                ? state.secret(StackState.POSTGRES_PASSWORD) : config.jdbcPassword());
        if (config.externalJdbcUrl().isEmpty()) {
            postgres = new EmbeddedPostgres(dataDir.resolve("postgres"), dataDir.resolve("logs/postgres.log"),
                    state.port("postgres.port", config.postgresPort()), config.postgresDatabase(),
                    login.user(), login.password(), state.secret(StackState.POSTGRES_SUPERUSER_PASSWORD));
        }
        if (config.externalRegistryUrl().isEmpty()) {
            Path jar = config.registryJar().orElseGet(() -> ProjectFiles.require(ProjectFiles.REGISTRY_JAR,
                    "build the registry module (mvn -pl registry package) or set " + StackConfig.REGISTRY_JAR));
            registry = new EmbeddedRegistry(new EmbeddedRegistry.Launch(jar, config.stackHost(),
                    state.port("registry.port", config.registryPort()), dataDir.resolve("registry"),
                    dataDir.resolve("logs/registry.log"), config.registryJvmOptions(), config.registryEnv(),
                    config.registrySystemProperties()));
        }
        // Processes joining through this data dir reach Kafka and the registry where they listen now.
        state.forget(StackConfig.STACK_HOST);
        state.value(StackConfig.STACK_HOST, config::stackHost);
        int connectPort = config.externalConnectUrl().isEmpty() ? state.port("connect.port", config.connectPort()) : 0;
        UrlLogin connectLogin = new UrlLogin(CONNECT_USER, state.secret(StackState.CONNECT_REST_PASSWORD));
        state.save();

        ExecutorService starters = Executors.newFixedThreadPool(3, daemonThreads());
        try {
            Future<String> bootstrapServers = starters.submit(() -> config.externalBootstrapServers().isPresent()
                    ? external(StackComponent.KAFKA, config.externalBootstrapServers().get(), listener)
                    : timed(StackComponent.KAFKA, listener, () -> {
                        kafka.start(timeout);
                        return kafka.bootstrapServers();
                    }));
            Future<String> jdbcUrl = starters.submit(() -> startDatabase(config, login, listener, timeout));
            Future<String> registryUrl = starters.submit(() -> config.externalRegistryUrl().isPresent()
                    ? external(StackComponent.REGISTRY, config.externalRegistryUrl().get(), listener)
                    : timed(StackComponent.REGISTRY, listener, () -> {
                        registry.start(timeout);
                        return registry.url();
                    }));
            String kafkaAddress = await(bootstrapServers);
            Map<String, String> kafkaClientSettings = kafka != null ? kafka.clientSettings() : config.kafkaClientSettings();
            String database = await(jdbcUrl);
            PgPassFile.write(dataDir.resolve(PgPassFile.FILE_NAME), database, login);
            String schemaRegistry = await(registryUrl);

            String connectUrl = config.externalConnectUrl().isPresent()
                    ? external(StackComponent.CONNECT, config.externalConnectUrl().get(), listener)
                    : timed(StackComponent.CONNECT, listener, () -> {
                        Path pluginPath = PluginFolders.requireBuilt(config.connectPluginPath().orElseGet(() ->
                                ProjectFiles.require(PluginFolders.BUILD_OUTPUT,
                                        "build the connect module (mvn -pl connect -am package) or set "
                                                + StackConfig.CONNECT_PLUGIN_PATH)));
                        connect = new EmbeddedConnect(connectWorker(config, kafkaAddress, kafkaClientSettings, schemaRegistry,
                                pluginPath, connectPort), connectLogin, dataDir.resolve(CONNECT_LOGINS_FILE));
                        connect.start(timeout);
                        return connect.url();
                    });

            ConnectRestClient rest = new ConnectRestClient(connectUrl);
            String items = startSink(StackComponent.ITEMS_SINK,
                    new ItemsSinkConfig(sinkSettings(config, SINK_PREFIX, database, login, schemaRegistry)), rest, timeout, listener);
            String sightings = startSink(StackComponent.SIGHTINGS_SINK,
                    new SightingsSinkConfig(sinkSettings(config, SIGHTINGS_SINK_PREFIX, database, login, schemaRegistry)),
                    rest, timeout, listener);
            String status = startSink(StackComponent.STATUS_SINK,
                    new SourceStatusSinkConfig(sinkSettings(config, STATUS_SINK_PREFIX, database, login, schemaRegistry)),
                    rest, timeout, listener);
            config.connectRestartInterval().ifPresent(interval -> supervisor = SinkSupervisor.start(
                    rest, List.of(items, sightings, status), interval, config.connectRestartBackoffMax()));
            return new StackEndpoints(kafkaAddress, schemaRegistry, database, login.user(),
                    login.password(), connectUrl, dataDir, kafkaClientSettings);
        } finally {
            starters.shutdownNow();
        }
    }

    private String startDatabase(StackConfig config, DatabaseLogin login, StartListener listener, Duration timeout) {
        if (config.externalJdbcUrl().isPresent()) {
            String jdbcUrl = external(StackComponent.POSTGRES, config.externalJdbcUrl().get(), listener);
            migrate(config, jdbcUrl, login);
            return jdbcUrl;
        }
        return timed(StackComponent.POSTGRES, listener, () -> {
            postgres.start(timeout);
            migrate(config, postgres.jdbcUrl(), login);
            return postgres.jdbcUrl();
        });
    }

    private static void migrate(StackConfig config, String jdbcUrl, DatabaseLogin login) {
        if (config.migrateDatabase()) {
            int applied = ItemsSchema.migrate(jdbcUrl, login.user(), login.password());
            log.debug("Applied {} migration(s) to {}", applied, jdbcUrl);
        }
    }

    private static ConnectWorkerConfig connectWorker(StackConfig config, String bootstrapServers, Map<String, String> clientSettings,
                                                     String registryUrl, Path pluginPath, int port) {
        Map<String, Object> settings = new HashMap<>(config.originalsWithPrefix(WORKER_PREFIX));
        settings.putAll(clientSettings);
        settings.put(ConnectWorkerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(ConnectWorkerConfig.REGISTRY_URL, registryUrl);
        settings.put(ConnectWorkerConfig.PLUGIN_PATH, pluginPath.toAbsolutePath().toString());
        settings.put(ConnectWorkerConfig.REST_PORT, port);
        settings.put(ConnectWorkerConfig.STORAGE_REPLICATION_FACTOR, config.replicationFactor());
        return new ConnectWorkerConfig(settings);
    }

    /** Creates or updates the sink's connector and waits until it runs; returns its name. */
    private static String startSink(StackComponent component, JdbcSinkConfig settings, ConnectRestClient rest, Duration timeout,
                                    StartListener listener) {
        UpsertSinkConnector sink = new UpsertSinkConnector(settings);
        timed(component, listener, () -> {
            rest.putConnector(sink.name(), sink.config(), timeout);
            rest.awaitRunning(sink.name(), timeout);
            return rest.connectorUrl(sink.name());
        });
        return sink.name();
    }

    /** The sink settings given with {@code prefix}, and those the stack knows better (where things run). */
    private static Map<String, Object> sinkSettings(StackConfig config, String prefix, String jdbcUrl, DatabaseLogin login,
                                                    String registryUrl) {
        Map<String, Object> settings = new HashMap<>(config.originalsWithPrefix(prefix));
        settings.put(JdbcSinkConfig.JDBC_URL, jdbcUrl);
        settings.put(JdbcSinkConfig.JDBC_USER, login.user());
        settings.put(JdbcSinkConfig.JDBC_PASSWORD, login.password());
        settings.put(JdbcSinkConfig.REGISTRY_URL, registryUrl);
        settings.put(JdbcSinkConfig.DLQ_REPLICATION_FACTOR, config.replicationFactor());
        return settings;
    }

    private static String timed(StackComponent component, StartListener listener, Callable<String> start) {
        listener.starting(component);
        long begin = System.nanoTime();
        String address;
        try {
            address = start.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(component.displayName() + " did not start", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        // An address may carry a login (Connect's, a registry's): it is returned whole, and shown without it.
        String shown = UrlLogin.strip(address);
        log.info("{} ready at {} in {} ms", component.displayName(), shown, took.toMillis());
        listener.started(component, shown, took);
        return address;
    }

    private static String external(StackComponent component, String address, StartListener listener) {
        String shown = UrlLogin.strip(address);
        log.info("Using the external {} at {}", component.displayName(), shown);
        listener.external(component, shown);
        return address;
    }

    /**
     * The result of a parallel start. When one fails the others may still be starting: close()
     * then waits for each (a part's start and close hold the same lock) before stopping it.
     */
    private static String await(Future<String> start) {
        try {
            return start.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the stack", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "embedded-stack-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The data directory holds the broker's logs, the database, the registry's content and the
     * stack's secrets: no other local user may read it (mode 0700), whatever the umask made it.
     */
    private static void ownerOnly(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            log.debug("{} is not on a POSIX file system; its permissions are left as they are", dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + dir + " private to its owner", e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /**
     * Stops one embedded part (Kafka, PostgreSQL, the registry or the Connect worker) as an outage
     * would, keeping its data and ports, until {@link #startPart} starts it again; what runs on it
     * must ride out the gap. For the fault tests, and for maintenance of a single part.
     *
     * @throws IllegalArgumentException for a part that is external or not a server
     */
    public synchronized void stopPart(StackComponent part) {
        AutoCloseable server = part(part);
        log.info("Stopping {} (it will be started again)", part.displayName());
        stop(part.displayName(), server);
    }

    /** Starts a part stopped with {@link #stopPart} again, on the same data and ports; waits until it serves. */
    public synchronized void startPart(StackComponent part) {
        part(part);
        long begin = System.nanoTime();
        switch (part) {
            case KAFKA -> kafka.start(startupTimeout);
            case POSTGRES -> postgres.start(startupTimeout);
            case REGISTRY -> registry.start(startupTimeout);
            case CONNECT -> connect.start(startupTimeout);
            default -> throw new IllegalArgumentException(part.displayName() + " is not a server of the stack");
        }
        log.info("{} started again in {} ms", part.displayName(), (System.nanoTime() - begin) / 1_000_000);
    }

    private AutoCloseable part(StackComponent part) {
        AutoCloseable server = switch (part) {
            case KAFKA -> kafka;
            case POSTGRES -> postgres;
            case REGISTRY -> registry;
            case CONNECT -> connect;
            default -> throw new IllegalArgumentException(part.displayName() + " is not a server of the stack");
        };
        if (server == null) {
            throw new IllegalArgumentException(part.displayName() + " is not embedded in this stack (external or not started)");
        }
        return server;
    }

    /**
     * Has {@code dependent} (e.g. the pipeline running on this stack) closed before the stack
     * stops, also when the JVM exits (Ctrl-C); the last registered is closed first.
     */
    public synchronized void closeFirst(AutoCloseable dependent) {
        dependents.push(dependent);
    }

    /** Stops every started part, the last started first. Safe to call more than once. */
    @Override
    public synchronized void close() {
        while (!dependents.isEmpty()) {
            stop("a part running on the stack", dependents.pop());
        }
        stop("sink supervisor", supervisor);
        supervisor = null;
        stop("Kafka Connect", connect);
        connect = null;
        stop("schema registry", registry);
        registry = null;
        stop("PostgreSQL", postgres);
        postgres = null;
        stop("Kafka", kafka);
        kafka = null;
        endpoints = null;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting and the hook is running or has run.
            }
        }
        shutdownHook = null;
    }

    private static void stop(String name, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", name, e);
        }
    }
}
