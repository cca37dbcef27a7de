package io.realtimeminer.stack;

import io.realtimeminer.connect.ReplicationFactor;
import io.realtimeminer.kafka.ClusterSettings;
import io.realtimeminer.kafka.KafkaClients;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the stack runs and where, each setting declared once with its default and documentation.
 * Every component is embedded unless its external address is set, so the same binaries run against
 * production servers.
 */
public final class StackConfig extends AbstractConfig {

    public static final String DATA_DIR = "data.dir";
    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
    public static final String REPLICATION_FACTOR = "replication.factor";

    public static final String KAFKA_BOOTSTRAP_SERVERS = ClusterSettings.BOOTSTRAP_SERVERS;
    public static final String STACK_HOST = "stack.host";
    public static final String KAFKA_PORT = "kafka.port";
    public static final String KAFKA_CONTROLLER_PORT = "kafka.controller.port";
    public static final String KAFKA_SASL_ENABLED = "kafka.sasl.enabled";

    public static final String JDBC_URL = "jdbc.url";
    public static final String JDBC_USER = "jdbc.user";
    public static final String JDBC_PASSWORD = "jdbc.password";
    public static final String JDBC_MIGRATE = "jdbc.migrate";
    public static final String POSTGRES_PORT = "postgres.port";
    public static final String POSTGRES_DATABASE = "postgres.database";

    public static final String REGISTRY_URL = ClusterSettings.REGISTRY_URL;
    public static final String REGISTRY_PORT = "registry.port";
    public static final String REGISTRY_JAR = "registry.jar";
    public static final String REGISTRY_JVM_OPTIONS = "registry.jvm.options";
    public static final String REGISTRY_ENV = "registry.env";
    public static final String REGISTRY_SYSTEM_PROPERTIES = "registry.system.properties";

    public static final String CONNECT_URL = "connect.url";
    public static final String CONNECT_PORT = "connect.port";
    public static final String CONNECT_PLUGIN_PATH = "connect.plugin.path";
    public static final String CONNECT_RESTART_INTERVAL_MS = "connect.restart.interval.ms";
    public static final String CONNECT_RESTART_BACKOFF_MAX_MS = "connect.restart.backoff.max.ms";

    /** The registry's storage: an H2 file, so schema ids survive restarts. */
    private static final String REGISTRY_STORAGE =
            "quarkus.datasource.jdbc.url=jdbc:h2:file:${data.dir}/registry/registry;WRITE_DELAY=0";

    private static final String PORT_DOC = " 0 picks a free port on the first start; the port in use is"
            + " recorded in <data.dir>/stack.properties and taken again on every later start.";
    private static final String EXTERNAL_DOC = " When set, nothing is started for it and this address is used;"
            + " it must be reachable as given from this process and from the Connect worker.";
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public static final ConfigDef CONFIG_DEF = ClusterSettings.define(new ConfigDef())
            .define(DATA_DIR, Type.STRING, "./data", new NonEmptyString(), Importance.HIGH,
                    "Directory holding everything the embedded parts store (kafka/, postgres/, logs/,"
                            + " stack.properties); starting again on the same directory resumes.")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.LOW,
                    "How long each part may take to become ready before the start fails.")
            .define(REPLICATION_FACTOR, Type.SHORT, ReplicationFactor.BROKER_DEFAULT, ReplicationFactor.VALIDATOR,
                    Importance.MEDIUM, "Replication factor of the topics the stack creates (Connect's storage"
                            + " topics, the dead-letter topic, pipeline topics); -1 takes the broker's"
                            + " default.replication.factor, which is 1 on the embedded broker.")

            .define(STACK_HOST, Type.STRING, "127.0.0.1", new NonEmptyString(), Importance.MEDIUM,
                    "The address the embedded Kafka broker and schema registry listen on and give their clients. 127.0.0.1"
                            + " keeps them on this machine; an address of this machine on a private network (e.g. 10.0.0.5) lets"
                            + " fetcher and topology instances on other machines join: they take kafka.bootstrap.servers="
                            + "<host>:<kafka.port>, registry.url=http://<host>:<registry.port> and the broker's login"
                            + " (kafka.client.*, from stack.properties). Recorded in stack.properties for processes that join"
                            + " through --data-dir. PostgreSQL, the Connect REST API and the controller stay on 127.0.0.1;"
                            + " the listener takes SASL logins only unless kafka.sasl.enabled=false, so keep it off public networks.")
            .define(KAFKA_PORT, Type.INT, 0, port(), Importance.MEDIUM,
                    "Client port of the embedded broker (on stack.host)." + PORT_DOC)
            .define(KAFKA_SASL_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "The embedded broker takes SASL (PLAIN) logins only: the user 'miner', with a password generated"
                            + " on first start and kept in <data.dir>/stack.properties (mode 0600), gets in. Every client"
                            + " of the stack, the pipeline on this data dir and bin/kafka-console-producer|consumer log in"
                            + " by themselves. false: a plaintext listener that anyone on this machine may use. For an"
                            + " external Kafka give its client settings as kafka.client.* (e.g."
                            + " kafka.client.security.protocol=SASL_SSL).")
            .define(KAFKA_CONTROLLER_PORT, Type.INT, 0, port(), Importance.LOW,
                    "KRaft controller port of the embedded broker. It is recorded in the cluster metadata:"
                            + " changing it for an existing data dir keeps the broker from starting." + PORT_DOC)

            .define(JDBC_URL, Type.STRING, "", Importance.HIGH,
                    "JDBC URL of an external PostgreSQL database for the items and sightings tables." + EXTERNAL_DOC)
            .define(JDBC_USER, Type.STRING, "miner", new NonEmptyString(), Importance.HIGH,
                    "Database user; the embedded PostgreSQL creates it (then it must be a lower-case SQL"
                            + " identifier).")
            .define(JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                    "Password of the database user. Empty: for the embedded PostgreSQL, one generated at its first start"
                            + " and kept in the data dir (" + StackState.FILE_NAME + ", readable by its owner only; "
                            + PgPassFile.FILE_NAME + " holds it for psql); for an external database, no password.")
            .define(JDBC_MIGRATE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Apply the table migrations (items, sightings, the stories view; Flyway, from the connect module) at start, to the"
                            + " embedded or external database.")
            .define(POSTGRES_PORT, Type.INT, 0, port(), Importance.MEDIUM,
                    "Port of the embedded PostgreSQL (on 127.0.0.1)." + PORT_DOC)
            .define(POSTGRES_DATABASE, Type.STRING, "miner", sqlIdentifier(), Importance.MEDIUM,
                    "Database the embedded PostgreSQL creates, owned by " + JDBC_USER + ".")

            .define(REGISTRY_PORT, Type.INT, 0, port(), Importance.MEDIUM,
                    "HTTP port of the embedded registry (on stack.host)." + PORT_DOC)
            .define(REGISTRY_JAR, Type.STRING, "", Importance.LOW,
                    "The registry's quarkus-run.jar. Empty: " + ProjectFiles.REGISTRY_JAR + " under the"
                            + " directory of the system property " + ProjectFiles.HOME_PROPERTY
                            + ", or else under the current directory or one of its parents.")
            .define(REGISTRY_JVM_OPTIONS, Type.LIST, "-Xmx256m,-XX:+UseSerialGC", Importance.LOW,
                    "Options of the registry's JVM, before -jar.")
            .define(REGISTRY_ENV, Type.LIST, "", Importance.LOW,
                    "Extra environment of the registry process as NAME=value items, e.g. its storage"
                            + " settings; ${data.dir} in a value is replaced by the absolute data dir.")
            .define(REGISTRY_SYSTEM_PROPERTIES, Type.LIST, REGISTRY_STORAGE + ",LOG_LEVEL=WARN,REGISTRY_LOG_LEVEL=WARN", Importance.LOW,
                    "Extra system properties of the registry JVM as name=value items; ${data.dir} in a"
                            + " value is replaced by the absolute data dir. The default keeps the schemas in an H2"
                            + " file under the data dir, written through at once (WRITE_DELAY=0) so that a crash"
                            + " never loses a schema id that records on Kafka already carry.")

            .define(CONNECT_URL, Type.STRING, "", Importance.HIGH,
                    "REST URL of an external Kafka Connect cluster that has the connect module's plugins;"
                            + " the items and sightings sinks are created there. One behind basic auth is given with its"
                            + " login: http://user:password@host:8083 (never printed)." + EXTERNAL_DOC)
            .define(CONNECT_PORT, Type.INT, 0, port(), Importance.MEDIUM,
                    "REST port of the embedded Connect worker (on 127.0.0.1; basic auth, user " + EmbeddedStack.CONNECT_USER
                            + ", password generated into " + StackState.FILE_NAME + ")." + PORT_DOC)
            .define(CONNECT_PLUGIN_PATH, Type.STRING, "", Importance.LOW,
                    "The embedded worker's plugin.path. Empty: " + io.realtimeminer.connect.PluginFolders.BUILD_OUTPUT
                            + " found like " + REGISTRY_JAR + ".")
            .define(CONNECT_RESTART_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How often the stack checks the sink connectors (embedded or external Connect) and restarts"
                            + " a connector or task of them that FAILED, which Kafka Connect never does itself."
                            + " Debezium's sink fails its task on some database errors, e.g. PostgreSQL stopping"
                            + " while the task reads the table's metadata. 0 turns the checks off. A connector"
                            + " that fails again is restarted after this interval, then after twice as long, and"
                            + " so on up to " + CONNECT_RESTART_BACKOFF_MAX_MS + ".")
            .define(CONNECT_RESTART_BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                    "Longest pause between two restarts of a sink connector that keeps failing (at least "
                            + CONNECT_RESTART_INTERVAL_MS + "); once it has run this long since its last"
                            + " restart, the pauses start over.");

    public StackConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, settings);
    }

    /** Every default: all parts embedded, data in {@code ./data}. */
    public static StackConfig defaults() {
        return new StackConfig(Map.of());
    }

    /** These settings with {@code name} set to {@code value}. */
    public StackConfig with(String name, Object value) {
        Map<String, Object> settings = new LinkedHashMap<>(originals());
        settings.put(name, value);
        return new StackConfig(settings);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR)).toAbsolutePath().normalize();
    }

    public Duration startupTimeout() {
        return Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS));
    }

    public short replicationFactor() {
        return getShort(REPLICATION_FACTOR);
    }

    public boolean kafkaSaslEnabled() {
        return getBoolean(KAFKA_SASL_ENABLED);
    }

    /** The Kafka client settings given ({@code kafka.client.*}, {@code kafka.producer.*}, ...), as they are. */
    public Map<String, String> kafkaClientSettings() {
        return KafkaClients.given(originals());
    }

    public Optional<String> externalBootstrapServers() {
        return external(KAFKA_BOOTSTRAP_SERVERS);
    }

    /** Where the embedded Kafka and registry listen and what they tell their clients. */
    public String stackHost() {
        return getString(STACK_HOST).trim();
    }

    public int kafkaPort() {
        return getInt(KAFKA_PORT);
    }

    public int kafkaControllerPort() {
        return getInt(KAFKA_CONTROLLER_PORT);
    }

    public Optional<String> externalJdbcUrl() {
        return external(JDBC_URL);
    }

    public String jdbcUser() {
        return getString(JDBC_USER);
    }

    public String jdbcPassword() {
        return getPassword(JDBC_PASSWORD).value();
    }

    public boolean migrateDatabase() {
        return getBoolean(JDBC_MIGRATE);
    }

    public int postgresPort() {
        return getInt(POSTGRES_PORT);
    }

    public String postgresDatabase() {
        return getString(POSTGRES_DATABASE);
    }

    public Optional<String> externalRegistryUrl() {
        return external(REGISTRY_URL);
    }

    public int registryPort() {
        return getInt(REGISTRY_PORT);
    }

    public Optional<Path> registryJar() {
        return external(REGISTRY_JAR).map(Path::of);
    }

    public List<String> registryJvmOptions() {
        return getList(REGISTRY_JVM_OPTIONS);
    }

    public Map<String, String> registryEnv() {
        return assignments(REGISTRY_ENV);
    }

    public Map<String, String> registrySystemProperties() {
        return assignments(REGISTRY_SYSTEM_PROPERTIES);
    }

    public Optional<String> externalConnectUrl() {
        return external(CONNECT_URL);
    }

    public int connectPort() {
        return getInt(CONNECT_PORT);
    }

    /** How often the sinks are checked for a FAILED connector or task; empty when they are not. */
    public Optional<Duration> connectRestartInterval() {
        long interval = getLong(CONNECT_RESTART_INTERVAL_MS);
        return interval == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(interval));
    }

    /** The longest pause between two restarts of a failing sink, never shorter than the check interval. */
    public Duration connectRestartBackoffMax() {
        return Duration.ofMillis(Math.max(getLong(CONNECT_RESTART_BACKOFF_MAX_MS), getLong(CONNECT_RESTART_INTERVAL_MS)));
    }

    public Optional<Path> connectPluginPath() {
        return external(CONNECT_PLUGIN_PATH).map(Path::of);
    }

    private Optional<String> external(String name) {
        String value = getString(name).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** NAME=value items, with {@code ${data.dir}} replaced by the absolute data dir. */
    private Map<String, String> assignments(String name) {
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String item : getList(name)) {
            int equals = item.indexOf('=');
            if (equals < 1) {
                throw new ConfigException(name, item, "items must look like NAME=value");
            }
            String value = item.substring(equals + 1).replace("${" + DATA_DIR + "}", dataDir().toString());
            assignments.put(item.substring(0, equals).trim(), value);
        }
        return assignments;
    }

    private static ConfigDef.Validator port() {
        return Range.between(0, 65535);
    }

    /** Names that go into CREATE ROLE / CREATE DATABASE unquoted. */
    private static ConfigDef.Validator sqlIdentifier() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || !SQL_IDENTIFIER.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "must be a lower-case SQL identifier");
            }
        }, () -> "lower-case SQL identifier");
    }
}
