package io.realtimeminer.launcher;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the real embedded stack: a local RSS site gains stories over time, and
 * each one must appear exactly once in PostgreSQL, with the metadata of its own page (or the error
 * that kept it); a story carried by two sources is one item with two sightings; template updates
 * and tombstones take effect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class PipelineIT {

    private RunningPipeline running;
    private DemoSite site;
    private TemplatePublisher templates;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
        site = shared.site();
        templates = new TemplatePublisher(running.endpoints().kafkaClients());
    }

    @AfterAll
    void stop() {
        if (templates != null) {
            templates.close();
        }
    }

    @Test
    void everyNewStoryReachesPostgresExactlyOnce() throws Exception {
        site.feed("alpha");
        List<DemoSite.Story> posted = new ArrayList<>();
        posted.add(site.post("alpha"));
        posted.add(site.post("alpha"));
        templates.put("alpha", template("Alpha News", site.url("alpha").toString(), "PT1S", "[\"news\",\"alpha\"]"));

        await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf("alpha") == 2);
        for (int i = 0; i < 4; i++) {
            posted.add(site.post("alpha"));
            Thread.sleep(700);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf("alpha") == posted.size());
        Thread.sleep(3_000); // several more polls of an unchanged feed must add nothing

        try (Connection db = db(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select url, title, source_name, tags, published_at, discovered_at, stored_at "
                     + "from items where source_id = 'alpha' order by published_at, url")) {
            List<String> urls = new ArrayList<>();
            while (rs.next()) {
                urls.add(rs.getString("url"));
                assertThat(rs.getString("source_name")).isEqualTo("Alpha News");
                assertThat((String[]) rs.getArray("tags").getArray()).containsExactly("news", "alpha");
                Instant published = rs.getTimestamp("published_at").toInstant();
                Instant discovered = rs.getTimestamp("discovered_at").toInstant();
                Instant stored = rs.getTimestamp("stored_at").toInstant();
                assertThat(discovered).isAfterOrEqualTo(published);
                assertThat(stored).isAfterOrEqualTo(discovered.truncatedTo(ChronoUnit.MILLIS).minusMillis(1));
            }
            assertThat(urls).containsExactlyInAnyOrderElementsOf(posted.stream().map(DemoSite.Story::link).toList());
        }
        assertThat(rowsOf("alpha")).isEqualTo(posted.size());
    }

    @Test
    void theSameStoryOnTwoSourcesIsOneItemWithTwoSightings() throws Exception {
        site.feed("world");
        site.feed("wire");
        // The story's page is on the demo site; the two sources write its link differently.
        int port = site.url("world").getPort();
        String path = "/stories/" + Long.toString(System.nanoTime(), 36);
        String canonical = "http://127.0.0.1:" + port + path + "?a=1&b=2";
        DemoSite.Story first = site.post("world", "HTTP://127.0.0.1:" + port + path + "?utm_source=world&b=2&a=1#top", "Shared story");
        // A detail step naming a field of its own: it travels as the row's detail_fields (jsonb).
        templates.put("world", template("World", site.url("world").toString(), "PT1S", "[\"world\"]",
                ",\"detail\":{\"kind\":\"html\",\"fields\":{\"byline\":\"p.byline\"}}"));
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf("world") == 1);
        // Only now does the second source carry it, so "world" is first for sure.
        site.post("wire", "http://127.0.0.1:" + port + path + "/?a=1&b=2&fbclid=xyz", "Shared story, as the wire puts it");
        templates.put("wire", template("Wire", site.url("wire").toString(), "PT1S", "[\"wire\"]"));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from sightings where canonical_url = ?", canonical) == 2);
        Thread.sleep(3_000); // several more polls of both feeds must add nothing

        assertThat(count("select count(*) from items where canonical_url = ?", canonical)).isEqualTo(1);
        assertThat(rowsOf("wire")).isZero();
        String storyId;
        try (Connection db = db(); var st = db.prepareStatement("select * from items where canonical_url = ?")) {
            st.setString(1, canonical);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                storyId = rs.getString("item_id");
                assertThat(storyId).startsWith("world:");
                assertThat(rs.getString("story_id")).isEqualTo(storyId);
                assertThat(rs.getString("url")).isEqualTo(first.link());
                assertThat(rs.getString("title")).isEqualTo("Shared story");
                // What the story's own page says, fetched once, for the first source's item.
                assertPageMetadata(rs, first);
                assertThat(rs.getString("page_canonical_url")).isEqualTo("http://127.0.0.1:" + port + path);
                assertThat(rs.getString("detail_fields")).isEqualTo("{\"byline\": \"By " + StoryPage.AUTHOR + "\"}");
            }
        }
        List<String> sightings = new ArrayList<>();
        try (Connection db = db(); var st = db.prepareStatement(
                "select source_id, story_id, title from sightings where canonical_url = ? order by seen_at, item_id")) {
            st.setString(1, canonical);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("story_id")).isEqualTo(storyId);
                    sightings.add(rs.getString("source_id") + ": " + rs.getString("title"));
                }
            }
        }
        assertThat(sightings).containsExactly("world: Shared story", "wire: Shared story, as the wire puts it");
        try (Connection db = db(); var st = db.prepareStatement(
                "select first_source, source_count, sources from stories where story_id = ?")) {
            st.setString(1, storyId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("first_source")).isEqualTo("world");
                assertThat(rs.getInt("source_count")).isEqualTo(2);
                assertThat((String[]) rs.getArray("sources").getArray()).containsExactly("wire", "world");
            }
        }
    }

    @Test
    void everyRowCarriesItsPageMetadataAndAStoryWhosePageFailsStillHasItsRowWithTheError() throws Exception {
        site.feed("delta");
        DemoSite.Story readable = site.post("delta");
        DemoSite.Story takenDown = site.postWithoutPage("delta");
        templates.put("delta", template("Delta", site.url("delta").toString(), "PT1S", "[\"delta\"]"));

        await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf("delta") == 2);
        try (Connection db = db(); var st = db.prepareStatement("select * from items where url = ?")) {
            st.setString(1, readable.link());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertPageMetadata(rs, readable);
                assertThat(rs.getString("source_pool")).isEqualTo("default");
            }
            st.setString(1, takenDown.link());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("title")).isEqualTo(takenDown.title());
                assertThat(rs.getString("source_name")).isEqualTo("Delta");
                assertThat(rs.getString("detail_error")).isEqualTo("HTTP 404");
                assertThat(rs.getInt("detail_status")).isEqualTo(404);
                assertThat(rs.getString("description")).isNull();
                assertThat(rs.getString("language")).isNull();
                // The feed's date still counts.
                assertThat(rs.getString("published_from")).isEqualTo("source");
            }
        }
    }

    /** The row of {@code story} holds what its demo page says (see {@link StoryPage}). */
    private static void assertPageMetadata(ResultSet rs, DemoSite.Story story) throws SQLException {
        assertThat(rs.getString("detail_error")).isNull();
        assertThat(rs.getInt("detail_status")).isEqualTo(200);
        assertThat(rs.getTimestamp("detail_fetched_at")).isNotNull();
        assertThat(rs.getString("description")).isEqualTo(StoryPage.description(story));
        assertThat(rs.getString("language")).isEqualTo("en");
        assertThat(rs.getString("image_url")).endsWith("/images/" + story.feed() + "-" + story.number() + ".png");
        assertThat(rs.getString("page_title")).isEqualTo(story.title());
        assertThat(rs.getString("page_type")).isEqualTo("NewsArticle");
        assertThat(rs.getString("site_name")).isEqualTo(StoryPage.SITE_NAME);
        assertThat(rs.getString("page_author")).isEqualTo(StoryPage.AUTHOR);
        assertThat(rs.getString("publisher")).isEqualTo(StoryPage.PUBLISHER);
        assertThat(rs.getString("excerpt")).startsWith(StoryPage.description(story) + " It is story number " + story.number());
        assertThat(rs.getInt("word_count")).isGreaterThan(40);
        // The feed dates the story: its date wins, and the freshness is the time from posting to discovery.
        assertThat(rs.getString("published_from")).isEqualTo("source");
        Instant published = rs.getTimestamp("published_at").toInstant();
        Instant discovered = rs.getTimestamp("discovered_at").toInstant();
        assertThat(rs.getLong("freshness_ms")).isEqualTo(discovered.toEpochMilli() - published.toEpochMilli());
        assertThat(rs.getString("freshness")).isNotNull();
    }

    @Test
    void anUpdatedTemplateChangesTheIntervalAndATombstoneStopsPolling() throws Exception {
        site.feed("beta");
        site.post("beta");
        templates.put("beta", template("Beta", site.url("beta").toString(), "PT0.5S", "[]"));
        await().atMost(Duration.ofSeconds(30)).until(() -> site.requests("beta") >= 3);

        int fast = requestsDuring("beta", Duration.ofSeconds(3));
        assertThat(fast).isGreaterThanOrEqualTo(4);

        templates.put("beta", template("Beta", site.url("beta").toString(), "PT30S", "[]"));
        Thread.sleep(1_000);
        int slow = requestsDuring("beta", Duration.ofSeconds(3));
        assertThat(slow).isLessThanOrEqualTo(1);

        templates.put("beta", template("Beta", site.url("beta").toString(), "PT0.5S", "[]"));
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsDuring("beta", Duration.ofSeconds(1)) >= 1);
        templates.delete("beta");
        Thread.sleep(1_500);
        DemoSite.Story afterDelete = site.post("beta");
        assertThat(requestsDuring("beta", Duration.ofSeconds(3))).isZero();
        assertThat(rowsWithUrl(afterDelete.link())).isZero();
    }

    @Test
    void everyPolledSourceHasItsStatusRowAndADeletedSourceLosesIt() throws Exception {
        site.feed("zeta");
        DemoSite.Story story = site.post("zeta");
        templates.put("zeta", template("Zeta", site.url("zeta").toString(), "PT0.5S", "[\"status\"]"));
        // A source whose host does not answer: its failures in a row are counted.
        templates.put("eta", template("Eta", "http://127.0.0.1:" + closedPort() + "/feed", "PT0.5S", "[]"));
        // A source polled to a freshness target: its plan is in its row.
        site.feed("theta");
        site.post("theta");
        templates.put("theta", "{\"name\":\"Theta\",\"url\":\"" + site.url("theta") + "\",\"kind\":\"feed\",\"freshness\":\"PT2S\"}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from source_status where source_id = ? and outcome = 'not_modified'", "zeta") == 1);
        try (Connection db = db(); var st = db.prepareStatement("select * from source_health where source_id = ?")) {
            st.setString(1, "zeta");
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("instance_id")).startsWith("fetcher-");
                assertThat(rs.getString("pool")).isEqualTo("default");
                assertThat(rs.getString("kind")).isEqualTo("feed");
                assertThat(rs.getString("url")).isEqualTo(site.url("zeta").toString());
                assertThat(rs.getInt("http_status")).isEqualTo(304);
                assertThat(rs.getInt("consecutive_failures")).isZero();
                assertThat(rs.getTimestamp("next_due").toInstant()).isAfter(rs.getTimestamp("poll_ended").toInstant());
                // The first poll found the story: the source's last new item is known.
                assertThat(rs.getTimestamp("last_new_item_at").toInstant()).isAfter(story.postedAt());
                assertThat(rs.getString("state")).isEqualTo("ok");
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from source_status where source_id = ? and freshness_target_ms = 2000"
                        + " and plan_reason in ('learning', 'target') and planned_interval_ms = 2000 and expected_freshness_ms = 1000"
                        + " and target_met", "theta") == 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from source_status where source_id = ? and consecutive_failures >= 1"
                        + " and outcome = 'network_error' and last_error like 'connection to 127.0.0.1:% refused'", "eta") == 1);

        templates.delete("zeta");
        templates.delete("eta");
        templates.delete("theta");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from source_status where source_id in (?, 'eta', 'theta')", "zeta") == 0);
    }

    /** The states of source_health, from rows as the sink writes them. */
    @Test
    void theHealthViewTellsFailingLateSilentAndOkSources() throws Exception {
        String insert = "insert into source_status (source_id, instance_id, pool, kind, url, poll_started, poll_ended, outcome,"
                + " http_status, latency_ms, bytes, items_found, items_new, items_changed, consecutive_failures, next_due,"
                + " schedule_lag_ms, last_new_item_at, usual_new_item_gap_ms) values (?, 'f', 'default', 'feed', 'https://x.example/',"
                + " now(), now(), 'unchanged', 200, 10, 10, 1, 0, 0, ?, now() + ?::interval, 0, now() - ?::interval, ?)";
        Object[][] rows = {
                {"view-failing", 3, "1 minute", "1 minute", 60_000L},
                {"view-late", 0, "-5 minutes", "1 minute", 60_000L},
                {"view-silent", 0, "1 minute", "5 hours", 3_600_000L},
                {"view-ok", 0, "1 minute", "3 hours", 3_600_000L},
                {"view-unlearned", 0, "1 minute", "300 days", null},
        };
        try (Connection db = db(); var st = db.prepareStatement(insert)) {
            for (Object[] row : rows) {
                st.setString(1, (String) row[0]);
                st.setInt(2, (Integer) row[1]);
                st.setString(3, (String) row[2]);
                st.setString(4, (String) row[3]);
                st.setObject(5, row[4]);
                st.addBatch();
            }
            st.executeBatch();
        }
        Map<String, String> states = new HashMap<>();
        try (Connection db = db(); ResultSet rs = db.createStatement().executeQuery(
                "select source_id, state from source_health where source_id like 'view-%'")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getString(2));
            }
        }
        try (Connection db = db()) {
            db.createStatement().executeUpdate("delete from source_status where source_id like 'view-%'");
        }
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("view-failing", "failing", "view-late", "late",
                "view-silent", "silent", "view-ok", "ok", "view-unlearned", "ok"));
    }

    @Test
    void theFetcherAnnouncesItselfOnTheInstancesTopic() {
        Map<String, Object> settings = running.endpoints().kafkaClients().consumer("pipeline-it-instances", "pipeline-it");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, InstanceStatus> instances = new HashMap<>();
        try (KafkaConsumer<String, InstanceStatus> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                RegistrySerdes.<InstanceStatus>specific(running.endpoints().registryUrl(), false).deserializer())) {
            consumer.subscribe(List.of(Topics.INSTANCES));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> instances.put(r.key(), r.value()));
                return instances.values().stream().anyMatch(PipelineIT::thisProcessesFetcher);
            });
        }
        // Other classes on the shared pipeline start fetcher processes of their own: this one's is the one of this JVM.
        InstanceStatus fetcher = instances.values().stream().filter(PipelineIT::thisProcessesFetcher).findFirst().orElseThrow();
        assertThat(fetcher.getPool()).isEqualTo("default");
        assertThat(fetcher.getHeartbeatAt()).isAfter(Instant.now().minusSeconds(30));
    }

    private static boolean thisProcessesFetcher(InstanceStatus instance) {
        return instance != null && instance.getRole().equals("fetcher") && instance.getPid() == ProcessHandle.current().pid();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anInvalidTemplateGoesToTheDeadLetterTopicAndNothingElseStops() throws Exception {
        site.feed("gamma");
        site.post("gamma");
        templates.put("gamma", template("Gamma", site.url("gamma").toString(), "PT0.5S", "[]"));
        templates.put("broken", "{\"url\":\"not a url\",\"kind\":\"feed\"}");
        templates.put("gamma", "{\"url\":\"" + site.url("gamma") + "\",\"kind\":\"feed\",\"interval\":\"sometimes\"}");

        Map<String, String> letters = new HashMap<>();
        Map<String, Object> settings = running.endpoints().kafkaClients().consumer("dlq-test", "pipeline-it");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TEMPLATES_DLQ));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.put(r.key(), new String(r.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8));
                }
                return letters.containsKey("broken") && letters.containsKey("gamma");
            });
        }
        assertThat(letters.get("broken")).contains("$.url: is not a valid URL");
        assertThat(letters.get("gamma")).contains("$.interval");
        // The previous valid version of gamma keeps running.
        int before = site.requests("gamma");
        await().atMost(Duration.ofSeconds(10)).until(() -> site.requests("gamma") >= before + 3);
    }

    private int requestsDuring(String feed, Duration window) throws InterruptedException {
        int before = site.requests(feed);
        Thread.sleep(window.toMillis());
        return site.requests(feed) - before;
    }

    private static String template(String name, String url, String interval, String tags) {
        return template(name, url, interval, tags, "");
    }

    /** @param more further members, each after a comma */
    private static String template(String name, String url, String interval, String tags, String more) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"kind\":\"feed\",\"interval\":\"" + interval + "\",\"tags\":" + tags
                + more + "}";
    }

    private Connection db() throws SQLException {
        return running.db();
    }

    private long rowsOf(String source) throws SQLException {
        return running.itemRows(source);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection db = db(); var st = db.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long rowsWithUrl(String url) throws SQLException {
        try (Connection db = db(); var st = db.prepareStatement("select count(*) from items where url = ?")) {
            st.setString(1, url);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
