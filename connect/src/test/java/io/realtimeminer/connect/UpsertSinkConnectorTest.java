package io.realtimeminer.connect;

import io.debezium.connector.jdbc.JdbcSinkConnector;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Debezium configuration of the items, sightings and source status sinks, checked against Debezium's and Connect's own validation. */
class UpsertSinkConnectorTest {

    private final UpsertSinkConnector sink = new UpsertSinkConnector(ItemsSinkConfig.of(
            "jdbc:postgresql://127.0.0.1:5432/miner", "miner", "secret", "http://127.0.0.1:8081"));

    @Test
    void upsertsEnrichedItemsIntoTheItemsTableByItemId() {
        assertThat(sink.name()).isEqualTo("miner-items-sink");
        assertThat(sink.config())
                .containsEntry("connector.class", "io.realtimeminer.connect.sink.IsolatingJdbcSinkConnector")
                .containsEntry("topics", "miner.items.enriched")
                .containsEntry("consumer.override.allow.auto.create.topics", "false")
                .containsEntry("collection.name.format", "items")
                .containsEntry("connection.url", "jdbc:postgresql://127.0.0.1:5432/miner")
                .containsEntry("connection.username", "miner")
                .containsEntry("connection.password", "secret")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.mode", "record_value")
                .containsEntry("primary.key.fields", "item_id")
                .containsEntry("schema.evolution", "none")
                .containsEntry("use.time.zone", "UTC");
    }

    @Test
    void upsertsSightingsIntoTheSightingsTableByItemIdTheSameWay() {
        UpsertSinkConnector sightings = new UpsertSinkConnector(SightingsSinkConfig.of(
                "jdbc:postgresql://127.0.0.1:5432/miner", "miner", "secret", "http://127.0.0.1:8081"));
        Map<String, String> config = sightings.config();
        assertThat(sightings.name()).isEqualTo("miner-sightings-sink");
        assertThat(config)
                .containsEntry("topics", "miner.sightings")
                .containsEntry("collection.name.format", "sightings")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.mode", "record_value")
                .containsEntry("primary.key.fields", "item_id")
                .containsEntry("schema.evolution", "none")
                .containsEntry("errors.deadletterqueue.topic.name", "miner.sightings.dlq");
        // The same style as the items sink in everything but what names its topic and table.
        Map<String, String> items = sink.config();
        config.forEach((name, value) -> {
            if (!List.of("name", "topics", "collection.name.format", "errors.deadletterqueue.topic.name").contains(name)) {
                assertThat(items).as(name).containsEntry(name, value);
            }
        });
        assertThat(errors(new JdbcSinkConnector().validate(config).configValues())).isEmpty();
        assertThat(errors(SinkConnectorConfig.configDef().validate(config))).isEmpty();
    }

    @Test
    void upsertsSourceStatusesBySourceIdAndATombstoneDeletesTheRow() {
        UpsertSinkConnector status = new UpsertSinkConnector(SourceStatusSinkConfig.of(
                "jdbc:postgresql://127.0.0.1:5432/miner", "miner", "secret", "http://127.0.0.1:8081"));
        Map<String, String> config = status.config();
        assertThat(status.name()).isEqualTo("miner-source-status-sink");
        // The id comes from the key, the only part a tombstone has, wrapped in a struct for Debezium.
        Map<String, String> expected = Map.of("topics", "miner.source.status", "collection.name.format", "source_status",
                "primary.key.mode", "record_key", "primary.key.fields", "source_id", "delete.enabled", "true",
                "transforms", "withoutExtraFields,keyAsStruct", "transforms.keyAsStruct.type", "org.apache.kafka.connect.transforms.HoistField$Key",
                "transforms.keyAsStruct.field", "source_id", "errors.deadletterqueue.topic.name", "miner.source.status.dlq");
        assertThat(config).containsAllEntriesOf(expected).containsEntry("insert.mode", "upsert");
        assertThat(errors(new JdbcSinkConnector().validate(config).configValues())).isEmpty();
        assertThat(errors(SinkConnectorConfig.configDef().validate(config))).isEmpty();
    }

    @Test
    void theStatusSinkDropsTheLatestItemsWhichHaveNoColumnAndLetsTombstonesThrough() throws Exception {
        Map<String, String> config = new UpsertSinkConnector(SourceStatusSinkConfig.of(
                "jdbc:postgresql://127.0.0.1:5432/miner", "miner", "secret", "http://127.0.0.1:8081")).config();
        Schema item = SchemaBuilder.struct().field("item_id", Schema.STRING_SCHEMA).build();
        Schema status = SchemaBuilder.struct().field("source_id", Schema.STRING_SCHEMA).field("outcome", Schema.STRING_SCHEMA)
                .field("latest_items", SchemaBuilder.array(item).build()).build();
        Struct value = new Struct(status).put("source_id", "news").put("outcome", "new_items")
                .put("latest_items", List.of(new Struct(item).put("item_id", "news:01")));

        SinkRecord written = transformed(config, new SinkRecord("miner.source.status", 0, Schema.STRING_SCHEMA, "news", status, value, 7));
        SinkRecord deleted = transformed(config, new SinkRecord("miner.source.status", 0, Schema.STRING_SCHEMA, "news", null, null, 8));

        Struct row = (Struct) written.value();
        assertThat(row.schema().fields()).extracting(Field::name).containsExactly("source_id", "outcome");
        assertThat(row.getString("outcome")).isEqualTo("new_items");
        assertThat(((Struct) written.key()).getString("source_id")).isEqualTo("news");
        assertThat(deleted.value()).isNull();
        assertThat(((Struct) deleted.key()).getString("source_id")).isEqualTo("news");
    }

    /** The record as the connector's transforms chain, configured as in {@code config}, hands it to the sink. */
    @SuppressWarnings("unchecked")
    private static SinkRecord transformed(Map<String, String> config, SinkRecord record) throws Exception {
        SinkRecord out = record;
        for (String name : config.get("transforms").split(",")) {
            String prefix = "transforms." + name + ".";
            Transformation<SinkRecord> transform = (Transformation<SinkRecord>) Class.forName(config.get(prefix + "type"))
                    .getDeclaredConstructor().newInstance();
            Map<String, String> settings = new HashMap<>();
            config.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    settings.put(k.substring(prefix.length()), v);
                }
            });
            transform.configure(settings);
            out = transform.apply(out);
            transform.close();
        }
        return out;
    }

    @Test
    void writesLargeBatchesOfTheLatestRecordPerItem() {
        assertThat(sink.config())
                .containsEntry("batch.size", "5000")
                .containsEntry("consumer.override.max.poll.records", "5000")
                .containsEntry("use.reduction.buffer", "true");
    }

    @Test
    void readsOnlyWhatTheExactlyOnceTopologiesCommitted() {
        assertThat(sink.config()).containsEntry("consumer.override.isolation.level", "read_committed");
    }

    @Test
    void aTaskLeftBehindByAnUncleanStopHoldsItsSuccessorUpForTenSecondsAtMost() {
        assertThat(sink.config())
                .containsEntry("consumer.override.session.timeout.ms", "10000")
                .containsEntry("consumer.override.heartbeat.interval.ms", "3000");
    }

    @Test
    void leavesTheUnnestInsertOffUnlessAsked() {
        // Debezium 3.5's unnest insert fails on the tags text[] column for batches of 2+ rows.
        assertThat(sink.config()).containsEntry("dialect.postgres.unnest.insert.enabled", "false");
        ItemsSinkConfig unnest = new ItemsSinkConfig(Map.of(
                ItemsSinkConfig.JDBC_URL, "jdbc:postgresql://db/miner",
                ItemsSinkConfig.REGISTRY_URL, "http://registry:8080",
                ItemsSinkConfig.UNNEST_INSERT, "true"));
        assertThat(new UpsertSinkConnector(unnest).config())
                .containsEntry("dialect.postgres.unnest.insert.enabled", "true");
    }

    @Test
    void ridesOutAtLeastAMinuteOfDatabaseDowntime() {
        Map<String, String> config = sink.config();
        assertThat(config)
                .containsEntry("connection.restart.on.errors", "true")
                .containsEntry("hibernate.c3p0.testConnectionOnCheckout", "true");
        long retryWindowMs = Long.parseLong(config.get("flush.max.retries"))
                * Long.parseLong(config.get("flush.retry.delay.ms"));
        assertThat(retryWindowMs).isGreaterThan(60_000);
    }

    @Test
    void sendsPoisonRecordsToTheDeadLetterTopic() {
        assertThat(sink.config())
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.topic.name", "miner.items.enriched.dlq")
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "-1")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true");
    }

    @Test
    void dlqReplicationFactorIsConfigurable() {
        ItemsSinkConfig settings = new ItemsSinkConfig(Map.of(
                ItemsSinkConfig.JDBC_URL, "jdbc:postgresql://db/miner",
                ItemsSinkConfig.REGISTRY_URL, "http://registry:8080",
                ItemsSinkConfig.DLQ_REPLICATION_FACTOR, "3"));
        assertThat(new UpsertSinkConnector(settings).config())
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "3");
        assertThatThrownBy(() -> new ItemsSinkConfig(Map.of(
                ItemsSinkConfig.JDBC_URL, "jdbc:postgresql://db/miner",
                ItemsSinkConfig.REGISTRY_URL, "http://registry:8080",
                ItemsSinkConfig.DLQ_REPLICATION_FACTOR, "0")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void readsStringKeysAndRegistryAvroValuesInConfluentWireFormat() {
        assertThat(sink.config())
                .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("value.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("value.converter.apicurio.registry.url", "http://127.0.0.1:8081/apis/registry/v2")
                .containsEntry("value.converter.apicurio.registry.as-confluent", "true")
                .containsEntry("value.converter.apicurio.registry.use-id", "contentId")
                .containsEntry("value.converter.apicurio.registry.headers.enabled", "false")
                .doesNotContainKey("value.converter.apicurio.registry.use-specific-avro-reader");
    }

    @Test
    void passesDebeziumsValidation() {
        assertThat(errors(new JdbcSinkConnector().validate(sink.config()).configValues())).isEmpty();
    }

    @Test
    void passesConnectsSinkValidation() {
        assertThat(errors(SinkConnectorConfig.configDef().validate(sink.config()))).isEmpty();
    }

    private static List<String> errors(List<ConfigValue> values) {
        return values.stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .map(value -> value.name() + ": " + value.errorMessages())
                .toList();
    }
}
