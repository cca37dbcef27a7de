package io.realtimeminer.launcher;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints the rows that arrive in the {@code items} table and, at the end, how many arrived and how
 * fresh they were (stored_at - published_at). This is what a demo user watches.
 */
final class ItemsReport {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PrintStream out;
    private Timestamp lastStored = new Timestamp(0);
    private String lastItemId = "";

    ItemsReport(String jdbcUrl, String user, String password, PrintStream out) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.out = out;
    }

    /** Prints rows stored since the previous call; returns how many. */
    int printNewRows() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = db.prepareStatement("""
                     select item_id, source_name, title, published_at, stored_at
                       from items
                      where (stored_at, item_id) > (?, ?)
                      order by stored_at, item_id
                      limit 200""")) {
            query.setTimestamp(1, lastStored);
            query.setString(2, lastItemId);
            int rows = 0;
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    lastItemId = rs.getString("item_id");
                    lastStored = rs.getTimestamp("stored_at");
                    Timestamp published = rs.getTimestamp("published_at");
                    String freshness = published == null ? "" : String.format("  (%.1f s after posting)",
                            Duration.between(published.toInstant(), lastStored.toInstant()).toMillis() / 1000.0);
                    out.printf("  + [%s] %s%s%n", rs.getString("source_name"), rs.getString("title"), freshness);
                }
            }
            return rows;
        }
    }

    /** Prints the row count and the freshness percentiles of rows stored since {@code since}. */
    void printSummary(Instant since) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = db.prepareStatement("""
                     select count(*) as rows,
                            count(distinct source_id) as sources,
                            percentile_cont(0.5) within group (order by extract(epoch from stored_at - published_at)) as p50,
                            max(extract(epoch from stored_at - published_at)) as max
                       from items
                      where stored_at >= ?""")) {
            query.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                out.printf("%d items from %d sources stored in PostgreSQL during this run; posting to row: median %.1f s, max %.1f s%n",
                        rs.getLong("rows"), rs.getLong("sources"), rs.getDouble("p50"), rs.getDouble("max"));
            }
        }
    }
}
