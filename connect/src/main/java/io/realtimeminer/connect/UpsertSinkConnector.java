package io.realtimeminer.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink as a Connect connector instance: its name and the Debezium JDBC sink configuration that
 * upserts each record of its topic into its table (items, sightings) by primary key, rides out
 * database outages and sends poison records to a dead-letter topic.
 */
public final class UpsertSinkConnector {

    private static final String CONSUMER_OVERRIDE = "consumer.override.";
    /**
     * The consumer settings a sink sets for itself, and the only ones a worker running it needs to
     * let connectors override ({@code connector.client.config.override.allowlist}): none is a login.
     */
    public static final List<String> CONSUMER_OVERRIDES = List.of("max.poll.records", "allow.auto.create.topics",
            "isolation.level", "session.timeout.ms", "heartbeat.interval.ms");


    /** Debezium's JDBC sink with a task that dead-letters the records the database refuses (see {@link IsolatingJdbcSinkTask}). */
    public static final String CONNECTOR_CLASS = "io.realtimeminer.connect.sink.IsolatingJdbcSinkConnector";

    private final JdbcSinkConfig settings;

    public UpsertSinkConnector(JdbcSinkConfig settings) {
        this.settings = settings;
    }

    public String name() {
        return settings.connectorName();
    }

    /** The body of {@code PUT /connectors/<name>/config}. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", String.valueOf(settings.tasksMax()));
        config.put("topics", settings.topic());

        config.put("connection.url", settings.jdbcUrl());
        config.put("connection.username", settings.jdbcUser());
        config.put("connection.password", settings.jdbcPassword().value());
        // Debezium 3.x name of the former table.name.format (still accepted as an alias).
        config.put("collection.name.format", settings.table());
        // The tables come from our migrations (timestamptz, text[] with a default), never from the sink.
        config.put("schema.evolution", "none");
        config.put("insert.mode", "upsert");
        List<String> transforms = new ArrayList<>();
        if (!settings.fieldsWithoutColumn().isEmpty()) {
            // With schema.evolution none the sink refuses a field without a column: drop them first
            // (a tombstone passes as it is).
            transforms.add("withoutExtraFields");
            config.put("transforms.withoutExtraFields.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
            config.put("transforms.withoutExtraFields.exclude", String.join(",", settings.fieldsWithoutColumn()));
        }
        if (settings.deletesOnTombstone()) {
            // A tombstone has no value to take the id from: the key is the id. It is a plain string,
            // which Debezium 3.5 cannot use as a key (ClassCastException in keyAsStruct): Kafka's
            // HoistField wraps it in a struct whose one field is the primary key column.
            transforms.add("keyAsStruct");
            config.put("transforms.keyAsStruct.type", "org.apache.kafka.connect.transforms.HoistField$Key");
            config.put("transforms.keyAsStruct.field", settings.primaryKey());
            config.put("primary.key.mode", "record_key");
            config.put("primary.key.fields", settings.primaryKey());
            config.put("delete.enabled", "true");
        } else {
            // The key is a plain string, which Debezium 3.5 cannot use as a key (ClassCastException in
            // keyAsStruct): take the id from the value instead.
            config.put("primary.key.mode", "record_value");
            config.put("primary.key.fields", settings.primaryKey());
            config.put("delete.enabled", "false");
        }
        if (!transforms.isEmpty()) {
            config.put("transforms", String.join(",", transforms));
        }
        config.put("use.time.zone", "UTC");

        // Throughput: large batches; the reduction buffer keeps only the last record per key of a
        // batch (fewer rows to write, and the unnest insert needs it when a batch repeats an item).
        // The unnest insert itself is off by default: it cannot write the items' tags array (see its setting).
        config.put("batch.size", String.valueOf(settings.batchSize()));
        config.put(CONSUMER_OVERRIDE + "max.poll.records", String.valueOf(settings.batchSize()));
        // Subscribing must not create the topic (with the broker's default partition count) before
        // whoever owns the topic creates it: the sink waits for it instead.
        config.put(CONSUMER_OVERRIDE + "allow.auto.create.topics", "false");
        // The topics are written by exactly-once topologies: read only committed transactions, or a
        // transaction aborted by a broker restart or a failed stream thread reaches the table too.
        config.put(CONSUMER_OVERRIDE + "isolation.level", "read_committed");
        // A task the worker could not stop cleanly (e.g. when the broker went away) stays a member of
        // the sink's group until its session expires; its successor waits for that: 10 s, not 45 s.
        config.put(CONSUMER_OVERRIDE + "session.timeout.ms", "10000");
        config.put(CONSUMER_OVERRIDE + "heartbeat.interval.ms", "3000");
        config.put("dialect.postgres.unnest.insert.enabled", String.valueOf(settings.unnestInsert()));
        config.put("use.reduction.buffer", "true");

        // Outages: without these a pooled connection killed by a PostgreSQL restart (SQLState 57P01)
        // fails the task, which then needs a manual REST restart.
        config.put("connection.restart.on.errors", "true");
        config.put("flush.max.retries", String.valueOf(settings.flushMaxRetries()));
        config.put("flush.retry.delay.ms", String.valueOf(settings.flushRetryDelayMs()));
        config.put("hibernate.c3p0.testConnectionOnCheckout", "true");

        // Poison records (unreadable Avro, rows the database refuses) go aside with their error in
        // headers instead of stopping the sink.
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", settings.dlqTopic());
        config.put("errors.deadletterqueue.topic.replication.factor", String.valueOf(settings.dlqReplicationFactor()));
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("errors.log.enable", "true");

        // Set on the connector too, so that it reads our topics right on a worker with other defaults.
        config.putAll(RegistryConverters.forRegistry(settings.registryUrl()));
        return config;
    }
}
