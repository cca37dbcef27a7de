package io.realtimeminer.launcher;

import io.realtimeminer.stack.StackEndpoints;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The check of the end-to-end tests that PostgreSQL holds every story the {@link DemoSite} posted on their feeds, each exactly once. */
final class PostedStories {

    private final Supplier<StackEndpoints> endpoints;
    private final DemoSite site;
    private final Supplier<List<String>> feeds;
    private final AtomicBoolean posting;
    private final Duration postEvery;
    private final Duration catchUp;
    private final Consumer<String> log;

    /**
     * @param endpoints where the stack answers now (read at each use: a restarted stack may record new ones)
     * @param posting   cleared to stop the site's posting before the check
     * @param postEvery the period of the posting (a post under way ends within it)
     * @param catchUp   how long the last story posted may take to its row
     * @param log       the test's log
     */
    PostedStories(Supplier<StackEndpoints> endpoints, DemoSite site, Supplier<List<String>> feeds, AtomicBoolean posting,
                  Duration postEvery, Duration catchUp, Consumer<String> log) {
        this.endpoints = endpoints;
        this.site = site;
        this.feeds = feeds;
        this.posting = posting;
        this.postEvery = postEvery;
        this.catchUp = catchUp;
        this.log = log;
    }

    /**
     * Stops posting, waits until PostgreSQL holds a row for every story posted on the feeds (logging
     * where a slow catch-up stands), then asserts that it holds exactly those stories, each once.
     *
     * @param diagnostics appended to the description of the assertion that every posted story is stored
     */
    void assertEachStoredOnce(String when, Supplier<String> diagnostics) throws InterruptedException, SQLException {
        posting.set(false);
        Thread.sleep(postEvery.toMillis()); // a post under way ends
        Set<String> posted = posted();
        Instant waitFrom = Instant.now();
        try {
            await().atMost(catchUp).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> {
                        Map<String, Integer> rows = rowsPerUrl();
                        if (Duration.between(waitFrom, Instant.now()).toSeconds() % 5 == 4) {
                            // Where a slow catch-up stands: rows in the table, records on each stage's topic.
                            log.accept(String.format("waiting: %d of %d stories stored; %s", posted.stream().filter(rows::containsKey).count(),
                                    posted.size(), PipelineProbe.describe(endpoints.get().kafkaClients())));
                        }
                        return rows.keySet().containsAll(posted);
                    });
        } catch (ConditionTimeoutException e) {
            log.accept(when + ": not every story arrived within " + catchUp);
        }
        Thread.sleep(2_000); // anything stored twice would show by now
        Map<String, Integer> rows = rowsPerUrl();
        log.accept(String.format("%s: %d stories posted, %d rows, all stored %.1f s after the last post", when, posted.size(), rows.size(),
                Duration.between(waitFrom, Instant.now()).toMillis() / 1000.0 - 2));
        assertThat(rows.keySet()).as("%s: every posted story is stored, and nothing else%s", when, diagnostics.get()).isEqualTo(posted);
        assertThat(rows.entrySet()).as("%s: no story is stored twice", when).allSatisfy(e -> assertThat(e.getValue()).isEqualTo(1));
    }

    /** The links of every story the site posted so far on the feeds. */
    Set<String> posted() {
        return feeds.get().stream().flatMap(f -> site.stories(f).stream()).map(DemoSite.Story::link).collect(Collectors.toSet());
    }

    /** The rows of the items table, counted by url. */
    Map<String, Integer> rowsPerUrl() throws SQLException {
        StackEndpoints stack = endpoints.get();
        Map<String, Integer> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select url from items")) {
            while (rs.next()) {
                rows.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return rows;
    }
}
