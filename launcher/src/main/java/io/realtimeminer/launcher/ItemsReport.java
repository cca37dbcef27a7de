package io.realtimeminer.launcher;

import io.realtimeminer.text.Printable;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints the rows that arrive in the {@code items} table and, at the end, how many arrived and how
 * fresh they were (stored_at - published_at). This is what a demo user watches. The summary is
 * kept in memory, so it can be printed while the database is already going down (Ctrl-C reaches
 * the PostgreSQL server too).
 */
final class ItemsReport {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PrintStream out;
    /** Rows of earlier runs on the same data dir are not this run's. */
    private Timestamp lastStored = Timestamp.from(java.time.Instant.now());
    private String lastItemId = "";
    private final List<Double> freshnessSeconds = new ArrayList<>();
    private final Set<String> sources = new HashSet<>();
    private final Set<String> summarized;

    /**
     * @param summarized the sources the summary is about (the demo's own): rows of a source a user
     *                   adds meanwhile are printed too, but their dates (a feed's old stories, say)
     *                   say nothing about the demo's freshness
     */
    ItemsReport(String jdbcUrl, String user, String password, PrintStream out, Set<String> summarized) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.out = out;
        this.summarized = Set.copyOf(summarized);
    }

    /** Prints rows stored since the previous call; returns how many. */
    int printNewRows() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement query = db.prepareStatement("""
                     select item_id, source_id, source_name, title, published_at, stored_at
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
                    String freshness = "";
                    boolean counted = summarized.contains(rs.getString("source_id"));
                    if (counted) {
                        sources.add(rs.getString("source_id"));
                    }
                    if (published != null) {
                        double seconds = Duration.between(published.toInstant(), lastStored.toInstant()).toMillis() / 1000.0;
                        if (counted) {
                            freshnessSeconds.add(seconds);
                        }
                        freshness = String.format("  (%.1f s after posting)", seconds);
                    }
                    out.printf("  + [%s] %s%s%n", Printable.of(rs.getString("source_name")), Printable.of(rs.getString("title")), freshness);
                }
            }
            return rows;
        }
    }

    /** Prints how many rows this report saw and how long after posting they were stored. */
    void printSummary() {
        List<Double> sorted = freshnessSeconds.stream().sorted().toList();
        if (sorted.isEmpty()) {
            out.printf("%d rows from %d sources reached PostgreSQL during this run.%n", 0, sources.size());
            return;
        }
        out.printf("%d rows from %d sources reached PostgreSQL during this run; posting to row: median %.1f s, p95 %.1f s, max %.1f s.%n",
                sorted.size(), sources.size(), percentile(sorted, 0.50), percentile(sorted, 0.95), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
