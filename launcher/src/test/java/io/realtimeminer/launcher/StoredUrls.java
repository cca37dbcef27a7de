package io.realtimeminer.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Prints the URL of every row of {@code items}, one per line: SeveralHostsIT runs it on the
 * stack's host, where PostgreSQL listens on that host's loopback. Arguments: the JDBC URL and the
 * user; the password comes in {@code MINER_TEST_JDBC_PASSWORD} (not on a command line).
 */
public final class StoredUrls {

    private StoredUrls() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection db = DriverManager.getConnection(args[0], args[1], System.getenv("MINER_TEST_JDBC_PASSWORD"));
             ResultSet rows = db.createStatement().executeQuery("select url from items")) {
            while (rows.next()) {
                System.out.println(rows.getString(1));
            }
        }
    }
}
