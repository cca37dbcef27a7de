package io.realtimeminer.connect.sink;

import io.debezium.connector.jdbc.JdbcChangeEventSink;
import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.debezium.connector.jdbc.DefaultRecordWriter;
import io.debezium.connector.jdbc.RecordWriter;
import io.debezium.connector.jdbc.UnnestRecordWriter;
import io.debezium.connector.jdbc.dialect.DatabaseDialect;
import io.debezium.connector.jdbc.dialect.DatabaseDialectResolver;
import io.debezium.connector.jdbc.QueryBinderResolver;
import io.debezium.openlineage.ConnectorContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * The Debezium JDBC sink's write path (its {@link JdbcChangeEventSink}: buffers, upserts, retries of
 * connection failures) in a task that isolates what the database refuses. Debezium 3.5 fails a
 * whole batch, and so the task at every restart, when one row breaks a limit of the database
 * ("timestamp out of range", a NUL byte in text): one item stopped the sink for every source.
 * Here a batch that fails with a data error (SQLState class 22 or 23, or a record that cannot be
 * converted) is written again in halves until the records at fault stand alone; those go to the
 * errant record reporter (the connector's dead-letter topic, with the error in its headers) and
 * every other record is stored. Any other failure (the database unreachable after the retries)
 * fails the task as before, and the stack's sink supervisor restarts it.
 *
 * <p>Writes are synchronous: when {@link #put} returns, its records are stored or reported, so
 * the offsets Connect commits ({@link SinkTask#preCommit}'s default) never pass an unwritten one.
 */
public class IsolatingJdbcSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(IsolatingJdbcSinkTask.class);

    private SessionFactory sessionFactory;
    private JdbcChangeEventSink sink;
    private ErrantRecordReporter reporter;

    @Override
    public String version() {
        return new IsolatingJdbcSinkConnector().version();
    }

    @Override
    public void start(Map<String, String> props) {
        JdbcSinkConnectorConfig config = new JdbcSinkConnectorConfig(props);
        config.validate();
        sessionFactory = config.getHibernateConfiguration().buildSessionFactory();
        StatelessSession session = sessionFactory.openStatelessSession();
        DatabaseDialect dialect = DatabaseDialectResolver.resolve(config, sessionFactory);
        QueryBinderResolver binders = new QueryBinderResolver();
        RecordWriter writer = config.isPostgresUnnestInsertEnabled()
                ? new UnnestRecordWriter(session, binders, config, dialect)
                : new DefaultRecordWriter(session, binders, config, dialect);
        ConnectorContext context = new ConnectorContext(props.get("name"), "jdbc", props.getOrDefault("task.id", "0"),
                version(), UUID.randomUUID(), Map.of());
        sink = new JdbcChangeEventSink(config, session, dialect, writer, context);
        reporter = errantRecordReporter();
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<Void>> reported = new ArrayList<>();
        write(new ArrayList<>(records), reported);
        if (!reported.isEmpty()) {
            LOG.warn("{} of {} records refused by the database went to the dead-letter topic; the others are stored",
                    reported.size(), records.size());
        }
    }

    /** Writes the records; on a data error, each half again, down to single records that are reported. */
    private void write(List<SinkRecord> records, List<Future<Void>> reported) {
        try {
            sink.execute(records);
        } catch (RuntimeException e) {
            if (reporter == null || !DatabaseErrors.isDataError(e)) {
                throw e instanceof ConnectException connect ? connect : new ConnectException(e);
            }
            if (records.size() == 1) {
                SinkRecord record = records.get(0);
                LOG.warn("{}-{} offset {} (key {}) refused by the database: {}", record.topic(), record.kafkaPartition(),
                        record.kafkaOffset(), record.key(), DatabaseErrors.describe(e));
                reported.add(reporter.report(record, e));
                return;
            }
            int half = records.size() / 2;
            write(records.subList(0, half), reported);
            write(records.subList(half, records.size()), reported);
        }
    }

    @Override
    public void stop() {
        if (sink != null) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.warn("could not close the sink cleanly", e);
            }
            sink = null;
        }
        if (sessionFactory != null && sessionFactory.isOpen()) {
            sessionFactory.close();
        }
    }
}
