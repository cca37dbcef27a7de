package io.realtimeminer.connect.sink;

import org.apache.kafka.connect.errors.DataException;

import java.sql.SQLException;

/** Tells a record the database refuses from a database that does not answer, by SQLState. */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * True when the failure lies in the data written: SQLState class 22 (data exception: a value
     * out of range, a NUL byte, an untranslatable character) or 23 (integrity constraint), or a
     * record Connect could not convert. Connection failures (class 08, 57P0x), deadlocks and
     * timeouts are not: writing fewer records would not help.
     */
    static boolean isDataError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The innermost message, which names the database's reason ("timestamp out of range: ..."). */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        String message = String.valueOf(failure.getMessage());
        while (cause != null) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                cause = sql.getNextException();
            } else {
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
        }
        return message;
    }
}
