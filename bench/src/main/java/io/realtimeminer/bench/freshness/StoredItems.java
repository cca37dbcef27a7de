package io.realtimeminer.bench.freshness;

import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The farm's items as the pipeline stored them: rows of {@code items}, and records of {@code miner.items.new}. */
final class StoredItems {

    /** One row, keyed like the ledger (source id + URL). */
    record Row(String sourceId, String url, Instant discoveredAt, Instant storedAt) {
    }

    private static final String FARM_SOURCES = "source_id like 'farm-%'";

    private final StackEndpoints endpoints;

    StoredItems(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Farm rows discovered at or after {@code since}, by source id + URL (the first row when there are more). */
    Map<String, Row> discoveredSince(Instant since) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                "select source_id, url, discovered_at, stored_at from items where " + FARM_SOURCES + " and discovered_at >= ?")) {
            st.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
                    rows.putIfAbsent(FarmProcess.key(row.sourceId(), row.url()), row);
                }
            }
        }
        return rows;
    }

    long farmRows() throws SQLException {
        return single("select count(*) from items where " + FARM_SOURCES);
    }

    /** Rows beyond the first of each source id + URL: 0 unless an item was stored twice. */
    long duplicateRows() throws SQLException {
        return single("select count(*) - count(distinct (source_id, url)) from items where " + FARM_SOURCES);
    }

    /** The plan of each farm source's last poll, by source id (null for a source polled at a fixed interval). */
    Map<String, String> planReasons() throws SQLException {
        return statusColumn("plan_reason");
    }

    /** The push state of each farm source's last status (null when not pushed). */
    Map<String, String> pushStates() throws SQLException {
        return statusColumn("push_state");
    }

    /** One text column of each farm source's last status, by source id. */
    private Map<String, String> statusColumn(String column) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Connection db = connect(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select source_id, " + column + " from source_status where " + FARM_SOURCES)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        return values;
    }

    private long single(String sql) throws SQLException {
        try (Connection db = connect(); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
    }

    /** Farm item ids written to miner.items.new more than once (the dedupe topology lets each through once). */
    long itemsNewDuplicates(Duration timeout) {
        Map<String, Integer> perItem = new HashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        // Read committed: the topologies write in transactions, and aborted records are not items that passed.
        Map<String, Object> settings = endpoints.kafkaClients().consumer(null, "bench-stored-items");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ITEMS_NEW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("miner.items.new could not be read within " + timeout);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith("farm-")) {
                        perItem.merge(r.key(), 1, Integer::sum);
                    }
                });
            }
        }
        return perItem.values().stream().filter(n -> n > 1).count();
    }
}
