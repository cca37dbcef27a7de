package io.realtimeminer.connect;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Map;

/**
 * The settings of a sink that upserts one Avro topic into one table of ours, each declared once
 * with its type, default and documentation; the sinks ({@link ItemsSinkConfig},
 * {@link SightingsSinkConfig}) differ only in their defaults and primary key.
 * {@link UpsertSinkConnector} turns them into the Debezium connector's configuration.
 */
public abstract class JdbcSinkConfig extends AbstractConfig {

    public static final String CONNECTOR_NAME = "connector.name";
    public static final String TOPIC = "topic";
    public static final String TABLE = "table";
    public static final String JDBC_URL = "jdbc.url";
    public static final String JDBC_USER = "jdbc.user";
    public static final String JDBC_PASSWORD = "jdbc.password";
    public static final String REGISTRY_URL = "registry.url";
    public static final String TASKS_MAX = "tasks.max";
    public static final String BATCH_SIZE = "batch.size";
    public static final String UNNEST_INSERT = "unnest.insert";
    public static final String FLUSH_MAX_RETRIES = "flush.max.retries";
    public static final String FLUSH_RETRY_DELAY_MS = "flush.retry.delay.ms";
    public static final String DLQ_TOPIC = "dlq.topic";
    public static final String DLQ_REPLICATION_FACTOR = "dlq.replication.factor";

    private final String primaryKey;

    protected JdbcSinkConfig(ConfigDef definition, Map<String, ?> settings, String primaryKey) {
        super(definition, settings);
        this.primaryKey = primaryKey;
    }

    /**
     * The settings of a sink of {@code recordName} records from {@code topic} into {@code table},
     * with these as defaults.
     */
    protected static ConfigDef definition(String connectorName, String topic, String recordName, String table) {
        return new ConfigDef()
                .define(CONNECTOR_NAME, Type.STRING, connectorName, new NonEmptyString(), Importance.MEDIUM,
                        "Name of the connector instance on the Connect cluster; also its consumer group"
                                + " (connect-<name>), so renaming it re-reads the topic from the start.")
                .define(TOPIC, Type.STRING, topic, new NonEmptyString(), Importance.LOW,
                        "Topic of Avro " + recordName + " records, keyed by the table's primary key.")
                .define(TABLE, Type.STRING, table, new NonEmptyString(), Importance.LOW,
                        "Target table, created by the connect module's Flyway migrations (not by the sink).")
                .define(JDBC_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                        "JDBC URL of the PostgreSQL database holding the " + table + " table, as the Connect worker"
                                + " reaches it, e.g. jdbc:postgresql://127.0.0.1:5432/miner.")
                .define(JDBC_USER, Type.STRING, "miner", Importance.HIGH, "Database user of the sink.")
                .define(JDBC_PASSWORD, Type.PASSWORD, "miner", Importance.HIGH, "Password of the database user.")
                .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                        "Base URL of the schema registry as the Connect worker reaches it, e.g."
                                + " http://127.0.0.1:8081 (the API path is added).")
                .define(TASKS_MAX, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "Sink tasks; more than the topic's partition count only adds idle tasks.")
                .define(BATCH_SIZE, Type.INT, 5000, Range.atLeast(1), Importance.MEDIUM,
                        "Rows per database flush, and records per consumer poll (Debezium's default is 500).")
                .define(UNNEST_INSERT, Type.BOOLEAN, false, Importance.LOW,
                        "Write each batch with one INSERT ... SELECT FROM UNNEST(column arrays) (Debezium's"
                                + " dialect.postgres.unnest.insert.enabled) instead of JDBC batches. Off because"
                                + " Debezium 3.5 binds an array column as ?::text[][], which UNNEST flattens to text:"
                                + " every batch of two or more rows fails on the items' tags text[] column (single"
                                + " rows take the plain upsert and pass). Without it, batches of 5000 still measured"
                                + " ~23k rows/s end to end here. Turn on only for a table without array columns, or"
                                + " with a Debezium version that handles them.")
                .define(FLUSH_MAX_RETRIES, Type.INT, 24, Range.atLeast(0), Importance.MEDIUM,
                        "Attempts to write a batch again after a database error. With "
                                + FLUSH_RETRY_DELAY_MS + " this is the PostgreSQL outage the task rides out"
                                + " without failing (default: 24 x 5 s = 2 min).")
                .define(FLUSH_RETRY_DELAY_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
                        "Pause between two attempts to write a batch.")
                .define(DLQ_TOPIC, Type.STRING, topic + ".dlq", new NonEmptyString(), Importance.MEDIUM,
                        "Dead-letter topic for records that cannot be converted or written; they carry the"
                                + " error in __connect.errors.* headers. A poison record never blocks the sink.")
                .define(DLQ_REPLICATION_FACTOR, Type.SHORT, (short) -1, ReplicationFactor.VALIDATOR, Importance.MEDIUM,
                        "Replication factor of the dead-letter topic when Connect creates it; -1 takes the"
                                + " broker's default.replication.factor (1 on the embedded broker).");
    }

    /**
     * Whether a tombstone (a record without value) deletes the row of its key; the key is then the
     * primary key's value (a sink of a compacted topic whose deletes are tombstones).
     */
    public boolean deletesOnTombstone() {
        return false;
    }

    /** Fields of the records that have no column in the table (dropped before the upsert). */
    public List<String> fieldsWithoutColumn() {
        return List.of();
    }

    /** The record field (and table column) the upsert matches rows on. */
    public String primaryKey() {
        return primaryKey;
    }

    public String connectorName() {
        return getString(CONNECTOR_NAME);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public String table() {
        return getString(TABLE);
    }

    public String jdbcUrl() {
        return getString(JDBC_URL);
    }

    public String jdbcUser() {
        return getString(JDBC_USER);
    }

    public Password jdbcPassword() {
        return getPassword(JDBC_PASSWORD);
    }

    public String registryUrl() {
        return getString(REGISTRY_URL);
    }

    public int tasksMax() {
        return getInt(TASKS_MAX);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public boolean unnestInsert() {
        return getBoolean(UNNEST_INSERT);
    }

    public int flushMaxRetries() {
        return getInt(FLUSH_MAX_RETRIES);
    }

    public long flushRetryDelayMs() {
        return getLong(FLUSH_RETRY_DELAY_MS);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC);
    }

    public short dlqReplicationFactor() {
        return getShort(DLQ_REPLICATION_FACTOR);
    }

    /** The four settings every sink needs and has no default for. */
    protected static Map<String, Object> required(String jdbcUrl, String jdbcUser, String jdbcPassword, String registryUrl) {
        return Map.of(JDBC_URL, jdbcUrl, JDBC_USER, jdbcUser, JDBC_PASSWORD, jdbcPassword, REGISTRY_URL, registryUrl);
    }
}
