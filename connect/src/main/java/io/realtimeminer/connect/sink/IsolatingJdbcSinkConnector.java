package io.realtimeminer.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's JDBC sink connector with {@link IsolatingJdbcSinkTask} as its task: a record the
 * database refuses goes to the dead-letter topic instead of failing its whole batch forever.
 * Configured exactly as Debezium's connector; it lives in the same plugin folder.
 */
public class IsolatingJdbcSinkConnector extends JdbcSinkConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return IsolatingJdbcSinkTask.class;
    }
}
