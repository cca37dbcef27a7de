package io.realtimeminer.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.avro.LatestItem;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.control.deadletters.DeadLetterStage;
import io.realtimeminer.control.deadletters.DeadLetters;
import io.realtimeminer.control.deadletters.InMemoryDeadLetterRecords;
import io.realtimeminer.control.deadletters.ReplayVeto;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every route of the API on a real server, over a cluster view fed by hand and a mock producer. */
class ApiServerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = PasswordHash.of("s3cret".toCharArray());

    private final ClusterView view = new ClusterView(new TemplateParser());
    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final MockProducer<String, SourceCommand> commands = new MockProducer<>(true, null, new StringSerializer(),
            (topic, command) -> new byte[0]);
    private static final DeadLetterStage TEMPLATE_LETTERS = new DeadLetterStage("templates", Topics.TEMPLATES_DLQ, Topics.TEMPLATES,
            "refused templates");
    private final InMemoryDeadLetterRecords letters = new InMemoryDeadLetterRecords()
            .park(Topics.TEMPLATES_DLQ, NOW.toEpochMilli(), "zeta", "{\"kind\":\"rss\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(Topics.ERROR_HEADER, "template 'zeta' is invalid: $.kind: unknown", Topics.ORIGIN_HEADER, "miner.templates-1@4"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    @BeforeEach
    void start() {
        view.template("alpha", "{\"url\":\"https://a.example/feed\",\"kind\":\"feed\",\"tags\":[\"news\"],\"interval\":\"PT1M\"}");
        view.template("beta", "{\"url\":\"https://b.example/feed\",\"kind\":\"feed\",\"pool\":\"eu\",\"interval\":\"PT1M\"}");
        view.template("gamma", "{\"url\":\"https://c.example/hn\",\"kind\":\"hackernews\",\"active\":false}");
        view.template("broken", "{\"url\":\"https://e.example/feed\",\"kind\":\"feed\",\"interval\":\"often\"}");
        view.template("delta", "{\"url\":\"https://d.example/feed\",\"kind\":\"feed\"}");
        view.template("delta", "{\"url\":\"not a url\",\"kind\":\"feed\"}");
        view.instance("fetcher-1", instance("fetcher-1", "default", NOW.minusSeconds(3)));
        view.instance("fetcher-2", instance("fetcher-2", "eu", NOW.minusSeconds(300)));
        view.status("alpha", status("alpha", 0, NOW.plusSeconds(30)));
        view.status("alpha", SourceStatus.newBuilder(status("alpha", 4, NOW.plusSeconds(30))).setLatestItems(List.of(
                new LatestItem("alpha:02", "Second story", "https://a.example/2", NOW.minusSeconds(90), NOW.minusSeconds(60)),
                new LatestItem("alpha:01", "First story", "https://a.example/1", null, NOW.minusSeconds(600)))).build());
        view.status("delta", status("delta", 0, NOW.minusSeconds(600)));
        view.caughtUp();
        server = server(new ControlSettings(true, "127.0.0.1", 0, List.of(), 3, Duration.ofMinutes(1), 4, Duration.ofSeconds(30))).start();
    }

    private ApiServer server(ControlSettings settings) {
        SourceStates states = new SourceStates(settings, Duration.ofSeconds(20));
        AlertBoard alerts = new AlertBoard(new Alerts(view, states, settings, Duration.ofSeconds(20)), Clock.fixed(NOW, ZoneOffset.UTC));
        return new ApiServer(settings, view, states, alerts,
                new ApiActions("api-test", new TemplateCommands(producer, new TemplateParser(), view, Duration.ofSeconds(5)),
                        new FetchCommands(commands, view, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5)),
                        new DeadLetters(List.of(TEMPLATE_LETTERS), letters, ReplayVeto.NONE, Clock.fixed(NOW, ZoneOffset.UTC)),
                        ApiServerTest::plan, ApiServerTest::preview),
                Map.of("fetcher", () -> Optional.empty()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Map.of("ops", HASH), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sourcesAreListedWithTheirStateFilteredSortedAndPaged() throws Exception {
        JsonNode all = get("/sources", 200);
        assertThat(all.get("total").asInt()).isEqualTo(5);
        assertThat(ids(all)).containsExactly("alpha", "beta", "broken", "delta", "gamma");
        // broken: no version of it was ever accepted, so nobody polls it.
        assertThat(states(all)).containsExactly("failing", "unowned", "failing", "late", "paused");
        assertThat(all.get("sources").get(0).get("last_error").asText()).isEqualTo("HTTP 503");
        assertThat(all.get("sources").get(0).get("owner").asText()).isEqualTo("fetcher-1");
        assertThat(all.get("sources").get(3).get("template_violations").asInt()).isEqualTo(1);

        assertThat(ids(get("/sources?state=failing,late", 200))).containsExactly("alpha", "broken", "delta");
        assertThat(ids(get("/sources?pool=eu", 200))).containsExactly("beta");
        assertThat(ids(get("/sources?tag=news", 200))).containsExactly("alpha");
        assertThat(ids(get("/sources?kind=hackernews", 200))).containsExactly("gamma");
        assertThat(ids(get("/sources?sort=-id&limit=2", 200))).containsExactly("gamma", "delta");
        JsonNode page = get("/sources?sort=-id&limit=2&offset=2", 200);
        assertThat(ids(page)).containsExactly("broken", "beta");
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(ids(get("/sources?sort=-failures&limit=1", 200))).containsExactly("alpha");
    }

    @Test
    void sourcesWithAFreshnessTargetTellTheirExpectedFreshnessAndWhetherTheBudgetServesThem() throws Exception {
        view.template("fresh", "{\"url\":\"https://f.example/feed\",\"kind\":\"feed\",\"freshness\":\"PT2M\"}");
        view.status("fresh", SourceStatus.newBuilder(status("fresh", 0, NOW.plusSeconds(30))).setFreshnessTargetMs(120_000L)
                .setPlannedIntervalMs(600_000L).setPlanReason("budget_short").setExpectedFreshnessMs(300_000L).setPostingRatePerHour(0.5)
                .setTargetMet(false).build());

        JsonNode missed = get("/sources?target=missed", 200);
        assertThat(ids(missed)).containsExactly("fresh");
        JsonNode source = missed.get("sources").get(0);
        assertThat(source.get("freshness_target_ms").asLong()).isEqualTo(120_000);
        assertThat(source.get("expected_freshness_ms").asLong()).isEqualTo(300_000);
        assertThat(source.get("target_met").asBoolean()).isFalse();
        assertThat(ids(get("/sources?target=met", 200))).isEmpty();
        assertThat(ids(get("/sources?sort=-expected_freshness&limit=1", 200))).containsExactly("fresh");
        assertThat(get("/sources/fresh", 200).get("status").get("plan_reason").asText()).isEqualTo("budget_short");
        assertThat(get("/sources?target=soon", 400).get("error").asText()).isEqualTo("unknown target 'soon'; known: met, missed");
    }

    @Test
    void badQueriesAreRefusedWithWhatIsKnown() throws Exception {
        assertThat(get("/sources?state=broken", 400).get("error").asText())
                .isEqualTo("unknown state 'broken'; known: paused, unowned, failing, late, silent, ok");
        assertThat(get("/sources?limit=0", 400).get("error").asText()).isEqualTo("'limit' must be between 1 and 1000, not 0");
        assertThat(get("/sources?limit=ten", 400).get("error").asText()).isEqualTo("'limit' must be a whole number, not 'ten'");
        assertThat(get("/sources?sort=age", 400).get("error").asText()).startsWith("unknown sort 'age'; known: id, state");
        assertThat(get("/sources?colour=red", 400).get("error").asText()).startsWith("unknown query parameter 'colour'");
        assertThat(get("/sources/nope", 404).get("error").asText()).contains("no source 'nope'");
        assertThat(get("/nowhere", 404).get("error").asText()).startsWith("no route GET /nowhere");
    }

    @Test
    void aSourceShowsItsTemplateStatusAndLastPolls() throws Exception {
        JsonNode alpha = get("/sources/alpha", 200);
        assertThat(alpha.get("source").get("state").asText()).isEqualTo("failing");
        assertThat(alpha.get("template").get("url").asText()).isEqualTo("https://a.example/feed");
        assertThat(alpha.get("status").get("consecutive_failures").asInt()).isEqualTo(4);
        assertThat(alpha.get("status").get("poll_ended").asText()).isEqualTo(NOW.minusSeconds(5).toString());
        assertThat(alpha.get("recent_polls")).hasSize(2);
        // The source's latest items, newest first, told once: not in the status nor in each poll.
        JsonNode latest = alpha.get("latest_items");
        assertThat(latest).hasSize(2);
        assertThat(latest.get(0).get("item_id").asText()).isEqualTo("alpha:02");
        assertThat(latest.get(0).get("title").asText()).isEqualTo("Second story");
        assertThat(latest.get(0).get("url").asText()).isEqualTo("https://a.example/2");
        assertThat(latest.get(0).get("published_at").asText()).isEqualTo(NOW.minusSeconds(90).toString());
        assertThat(latest.get(0).get("discovered_at").asText()).isEqualTo(NOW.minusSeconds(60).toString());
        assertThat(latest.get(1).get("published_at").isNull()).isTrue();
        assertThat(alpha.get("status").has("latest_items")).isFalse();
        assertThat(alpha.get("recent_polls").get(1).has("latest_items")).isFalse();
        assertThat(get("/sources/beta", 200).get("latest_items")).isEmpty();

        JsonNode delta = get("/sources/delta", 200);
        assertThat(delta.get("template_violations").get(0).get("path").asText()).isEqualTo("$.url");
    }

    @Test
    void templatesAreValidatedByTheFetchersParserAndProducedToTheTemplatesTopic() throws Exception {
        JsonNode refused = send("PUT", "/sources/new", "{\"url\":\"ftp://x\",\"kind\":\"nope\",\"interval\":\"soon\"}", 400);
        assertThat(refused.get("details")).extracting(d -> d.get("path").asText()).contains("$.url", "$.kind", "$.interval");
        assertThat(send("PUT", "/sources/new", "{not json", 400).get("details").get(0).get("reason").asText()).startsWith("not valid JSON");
        assertThat(producer.history()).isEmpty();

        JsonNode created = send("PUT", "/sources/new", "{\"url\":\"https://n.example/feed\",\"kind\":\"feed\"}", 200);
        assertThat(created.get("id").asText()).isEqualTo("new");
        assertThat(lastSent().topic()).isEqualTo(Topics.TEMPLATES);
        assertThat(lastSent().key()).isEqualTo("new");

        assertThat(send("POST", "/sources/alpha/pause", "", 200).get("active").asBoolean()).isFalse();
        assertThat(JSON.readTree(lastSent().value()).get("active").asBoolean()).isFalse();
        assertThat(JSON.readTree(lastSent().value()).get("tags").get(0).asText()).as("the rest of the template is kept").isEqualTo("news");
        assertThat(send("POST", "/sources/alpha/resume", "", 200).get("active").asBoolean()).isTrue();

        assertThat(send("PUT", "/sources/alpha/schedule", "{\"interval\":\"PT30S\"}", 200).get("interval").asText()).isEqualTo("PT30S");
        assertThat(JSON.readTree(lastSent().value()).get("interval").asText()).isEqualTo("PT30S");
        assertThat(send("PUT", "/sources/alpha/schedule", "{\"cron\":\"*/5 * * * *\"}", 200).get("cron").asText()).isEqualTo("*/5 * * * *");
        assertThat(JSON.readTree(lastSent().value()).has("interval")).isFalse();
        assertThat(send("PUT", "/sources/alpha/schedule", "{\"interval\":\"PT1S\"}", 400).get("details").get(0).get("path").asText())
                .isEqualTo("$.interval");
        assertThat(send("PUT", "/sources/alpha/schedule", "{}", 400).get("error").asText()).startsWith("give exactly one of");
        assertThat(send("PUT", "/sources/alpha/schedule", "{\"interval\":\"PT1M\",\"max_interval\":\"PT1H\"}", 400).get("error").asText())
                .startsWith("give exactly one of");
        JsonNode adaptive = send("PUT", "/sources/alpha/schedule", "{\"freshness\":\"PT2M\",\"max_interval\":\"PT1H\"}", 200);
        assertThat(adaptive.get("freshness").asText()).isEqualTo("PT2M");
        assertThat(adaptive.get("cron").isNull()).isTrue();

        assertThat(send("DELETE", "/sources/beta", null, 200).get("deleted").asBoolean()).isTrue();
        assertThat(lastSent().key()).isEqualTo("beta");
        assertThat(lastSent().value()).isNull();
        assertThat(send("DELETE", "/sources/beta", null, 404).get("error").asText()).contains("no source 'beta'");
    }

    @Test
    void fetchNowGoesToTheCommandsTopicAndItsRequestIsAnsweredByTheSourcesNextPoll() throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(url("/sources/alpha/fetch")).header("Authorization",
                basic("ops", "s3cret")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode request = JSON.readTree(accepted.body());
        String id = request.get("request_id").asText();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/requests/" + id);
        assertThat(request.get("state").asText()).isEqualTo("pending");
        ProducerRecord<String, SourceCommand> command = commands.history().get(0);
        assertThat(command.topic()).isEqualTo(Topics.COMMANDS);
        assertThat(command.key()).as("the source's partition, which its owner reads").isEqualTo("alpha");
        assertThat(command.value().getAction()).isEqualTo("fetch");
        assertThat(command.value().getRequestedBy()).isEqualTo("api-test/ops");

        JsonNode pending = get("/requests/" + id, 200);
        assertThat(pending.get("state").asText()).isEqualTo("pending");
        assertThat(pending.get("poll").isNull()).isTrue();

        view.status("alpha", SourceStatus.newBuilder(status("alpha", 0, NOW.plusSeconds(60))).setPollStarted(NOW.plusSeconds(1))
                .setPollEnded(NOW.plusSeconds(2)).setOutcome("new_items").setItemsNew(3).setInstanceId("fetcher-7").build());
        JsonNode done = get("/requests/" + id, 200);
        assertThat(done.get("state").asText()).isEqualTo("done");
        assertThat(done.get("poll").get("instance_id").asText()).isEqualTo("fetcher-7");
        assertThat(done.get("poll").get("items_new").asInt()).isEqualTo(3);
        assertThat(done.get("poll").get("poll_started").asText()).isEqualTo(NOW.plusSeconds(1).toString());

        assertThat(send("POST", "/sources/nope/fetch", null, 404).get("error").asText()).contains("no source 'nope'");
        assertThat(send("POST", "/sources/broken/fetch", null, 409).get("error").asText()).startsWith("no instance polls 'broken'");
        assertThat(send("GET", "/requests/nope", null, 404).get("error").asText()).startsWith("no request 'nope'");
        assertThat(commands.history()).hasSize(1);
    }

    @Test
    void deadLettersAreListedWithTheirReasonsAndReplayedByIdWithWhoAsked() throws Exception {
        assertThat(get("/dead-letters", 200).get("stages").get(0).get("topic").asText()).isEqualTo(Topics.TEMPLATES_DLQ);
        JsonNode listed = get("/dead-letters/templates", 200);
        assertThat(listed.get("total").asInt()).isEqualTo(1);
        JsonNode letter = listed.get("letters").get(0);
        assertThat(letter.get("id").asText()).isEqualTo("0-0");
        assertThat(letter.get("key").asText()).isEqualTo("zeta");
        assertThat(letter.get("reason").asText()).isEqualTo("template 'zeta' is invalid: $.kind: unknown");
        assertThat(letter.get("origin").get("offset").asLong()).isEqualTo(4);
        assertThat(letter.get("value_text").asText()).isEqualTo("{\"kind\":\"rss\"}");
        assertThat(letter.get("last_replay").isNull()).isTrue();

        JsonNode replayed = send("POST", "/dead-letters/templates/replay", "{\"ids\":[\"0-0\",\"3-9\"]}", 200);
        assertThat(replayed.get("replayed").get(0).get("target_topic").asText()).isEqualTo(Topics.TEMPLATES);
        assertThat(replayed.get("replayed").get(0).get("replayed_by").asText()).isEqualTo("api-test/ops");
        assertThat(replayed.get("unknown").get(0).asText()).isEqualTo("3-9");
        assertThat(letters.published()).hasSize(1);
        assertThat(get("/dead-letters/templates", 200).get("letters").get(0).get("last_replay").get("letter_offset").asLong()).isZero();

        assertThat(send("POST", "/dead-letters/templates/replay", "{}", 400).get("error").asText()).startsWith("give {\"ids\"");
        assertThat(send("POST", "/dead-letters/templates/replay", "{\"ids\":[\"zeta\"]}", 400).get("error").asText())
                .contains("is no letter id");
        assertThat(send("POST", "/dead-letters/templates/replay", "{\"all\":true,\"colour\":1}", 400).get("error").asText())
                .startsWith("unknown field 'colour'");
        assertThat(send("GET", "/dead-letters/nope", null, 404).get("error").asText()).isEqualTo("no stage 'nope'; known: templates");
        assertThat(send("GET", "/dead-letters/templates?limit=0", null, 400).get("error").asText()).startsWith("'limit' must be");
        assertThat(letters.published()).hasSize(1);
    }

    @Test
    void withLoginsEveryRouteButHealthNeedsOne() throws Exception {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(url("/sources")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(401);
        assertThat(open.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(JSON.readTree(open.body()).get("error").asText()).isEqualTo("this API needs HTTP basic authentication");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(url("/sources")).header("Authorization", basic("ops", "guess")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("wrong name or password");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ready");
        assertThat(JSON.readTree(health.body()).get("components")).extracting(c -> c.get("name").asText())
                .containsExactly("cluster view", "fetcher");
        // Open alerts are detail: they do not make the instance unready.
        assertThat(JSON.readTree(health.body()).get("open_alerts").get("source_failing").asInt()).isEqualTo(2);
    }

    @Test
    void openAlertsAreListedWithTheirCounts() throws Exception {
        JsonNode alerts = get("/alerts", 200);
        assertThat(alerts.get("counts").get("pool_without_instance").asInt()).isEqualTo(1);
        assertThat(alerts.get("alerts")).extracting(a -> a.get("kind").asText() + " " + a.get("subject").asText())
                .containsExactly("pool_without_instance eu", "source_failing alpha", "source_failing broken", "source_late delta");
    }

    @Test
    void instancesShowWhetherTheyAreAliveAndMetricsArePrometheusText() throws Exception {
        JsonNode instances = get("/instances", 200).get("instances");
        assertThat(instances).extracting(i -> i.get("instance_id").asText()).containsExactly("fetcher-1", "fetcher-2");
        assertThat(instances).extracting(i -> i.get("alive").asBoolean()).containsExactly(true, false);
        assertThat(instances.get(0).get("heartbeat_age_ms").asLong()).isEqualTo(3000);

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(url("/metrics")).header("Authorization", basic("ops", "s3cret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void aSubscriptionListIsImportedAsPlannedUnlessItIsADryRun() throws Exception {
        JsonNode dry = send("POST", "/sources:import?interval=PT2M&dry_run=true", "<opml/>", 200);
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(producer.history()).isEmpty();

        JsonNode done = send("POST", "/sources:import?interval=PT2M&pool=eu", "<opml/>", 200);

        assertThat(done.get("counts").toString()).isEqualTo("{\"added\":1,\"updated\":0,\"skipped\":0,\"refused\":1}");
        assertThat(done.get("results").get(0).get("source_id").asText()).isEqualTo("omega");
        assertThat(done.get("results").get(1).get("reason").asText()).isEqualTo("answered HTTP 404");
        assertThat(producer.history()).hasSize(1);
        assertThat(lastSent().key()).isEqualTo("omega");
        assertThat(lastSent().value()).contains("\"interval\":\"PT2M\"").contains("\"pool\":\"eu\"");

        assertThat(send("POST", "/sources:import", "name,url", 400).get("error").asText())
                .isEqualTo("the body is not an OPML document");
    }

    @Test
    void aTemplateIsPreviewedWithoutBeingPublishedAndAnInvalidOneGetsEveryViolation() throws Exception {
        JsonNode preview = send("POST", "/sources/omega/preview", "{\"url\":\"https://o.example/feed\",\"kind\":\"feed\"}", 200);

        assertThat(preview.get("source_id").asText()).isEqualTo("omega");
        assertThat(preview.get("kind").asText()).isEqualTo("feed");
        assertThat(preview.get("error").isNull()).isTrue();
        assertThat(preview.get("items")).hasSize(1);
        assertThat(preview.get("items").get(0).get("title").asText()).isEqualTo("A story of omega");
        assertThat(preview.get("warnings").get(0).asText()).isEqualTo("1 item left out: listed twice");
        assertThat(producer.history()).as("nothing published").isEmpty();

        JsonNode down = send("POST", "/sources/omega/preview", "{\"url\":\"https://down.example/feed\",\"kind\":\"feed\"}", 200);
        assertThat(down.get("error").asText()).isEqualTo("cannot read https://down.example/feed: connection refused");
        assertThat(down.get("items")).isEmpty();

        JsonNode invalid = send("POST", "/sources/omega/preview", "{\"url\":\"not a url\",\"kind\":\"rss\"}", 400);
        assertThat(invalid.get("error").asText()).isEqualTo("the template of 'omega' is invalid: 2 violation(s)");
        assertThat(invalid.get("details").findValuesAsText("path")).containsExactlyInAnyOrder("$.url", "$.kind");
    }

    /** A previewer as the instance gives it: one item (and a warning) for a reachable URL, an error for down.example. */
    private static TemplatePreviewer.Preview preview(SourceTemplate template) {
        if (template.url().getHost().equals("down.example")) {
            return new TemplatePreviewer.Preview(List.of(), List.of(), "cannot read " + template.url() + ": connection refused");
        }
        RawItem item = RawItem.newBuilder().setItemId(template.id() + ":1").setSourceId(template.id()).setSourceItemId("1")
                .setUrl("https://o.example/1").setTitle("A story of " + template.id()).setSummary(null).setAuthor(null)
                .setPublishedAt(null).setDiscoveredAt(NOW).setContentHash("0").setEmitChanges(false).setPageDetails(false)
                .setDetailFields(null).build();
        return new TemplatePreviewer.Preview(List.of(item), List.of("1 item left out: listed twice"), null);
    }

    @Test
    void newItemsPerMinuteCountThePollsThatEndedInEachMinute() throws Exception {
        view.status("beta", SourceStatus.newBuilder(status("beta", 0, NOW.plusSeconds(60))).setPollEnded(NOW.minusSeconds(61))
                .setItemsNew(3).build());
        view.status("beta", SourceStatus.newBuilder(status("beta", 0, NOW.plusSeconds(60))).setPollEnded(NOW.minusSeconds(70))
                .setItemsNew(2).build());
        view.status("gamma", SourceStatus.newBuilder(status("gamma", 0, NOW.plusSeconds(60))).setPollEnded(NOW.minusSeconds(1))
                .setItemsNew(4).build());

        JsonNode rate = get("/stats/items-per-minute?minutes=3", 200);

        assertThat(rate.get("minutes").findValuesAsText("start"))
                .containsExactly("2026-12-02T11:58:00Z", "2026-12-02T11:59:00Z", "2026-12-02T12:00:00Z");
        assertThat(rate.get("minutes").findValues("items").stream().map(JsonNode::asLong)).containsExactly(5L, 4L, 0L);
        assertThat(get("/stats/items-per-minute?minutes=500", 400).get("error").asText())
                .isEqualTo("minutes must be a whole number from 1 to 120, not '500'");
    }

    @Test
    void theDashboardIsServedAndTheRootLeadsToIt() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(url("/dashboard/")).header("Authorization", basic("ops", "s3cret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>realtime-miner</title>").contains("dashboard.js");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(url("/dashboard/dashboard.js"))
                .header("Authorization", basic("ops", "s3cret")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));

        HttpResponse<String> root = http.send(HttpRequest.newBuilder(url("/")).header("Authorization", basic("ops", "s3cret")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/dashboard/");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url("/dashboard/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("the dashboard asks for the API's login").isEqualTo(401);
    }

    /** A planner as the instance gives it: here one feed added, one refused, whatever the body (if OPML). */
    private static List<SubscriptionPlanner.Planned> plan(byte[] list, Map<String, ClusterView.TemplateEntry> current,
                                                          SubscriptionPlanner.Options options) {
        if (!new String(list, StandardCharsets.UTF_8).startsWith("<opml")) {
            throw new ApiException(400, "the body is not an OPML document");
        }
        assertThat(current).containsKey("alpha");
        return List.of(new SubscriptionPlanner.Planned("added", "Omega", "https://o.example/feed", "omega",
                        "{\"url\":\"https://o.example/feed\",\"kind\":\"feed\",\"interval\":\"" + options.interval()
                                + "\",\"pool\":\"" + options.pool() + "\"}", null),
                new SubscriptionPlanner.Planned("refused", "Gone", "https://g.example/", null, null, "answered HTTP 404"));
    }

    @Test
    void withAKeyStoreTheApiServesHttpsOnly(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        ConfigDef definition = ControlSettings.define(new ConfigDef());
        ControlSettings settings = ControlSettings.of(definition.parse(Map.of(ControlSettings.TLS_KEYSTORE, keyStore.toString(),
                ControlSettings.TLS_KEYSTORE_PASSWORD, "changeit")));
        ApiServer https = server(settings).start();
        try {
            HttpResponse<String> health = trusting(keyStore).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + https.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ready");
            // No plain HTTP beside it.
            int plain;
            try {
                plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + https.port() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException e) {
                plain = -1;
            }
            assertThat(plain).isNotEqualTo(200);
        } finally {
            https.close();
        }

        assertThatThrownBy(() -> ControlSettings.of(definition.parse(Map.of(ControlSettings.TLS_KEYSTORE,
                dir.resolve("missing.p12").toString())))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ControlSettings.TLS_KEYSTORE).hasMessageContaining("no readable key store");
    }

    /** A client that trusts only the certificate in this key store. */
    private static HttpClient trusting(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("api", keys.getCertificate("api"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private JsonNode get(String path, int status) throws Exception {
        return send("GET", path, null, status);
    }

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url(path)).header("Authorization", basic("ops", "s3cret"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private ProducerRecord<String, String> lastSent() {
        return producer.history().get(producer.history().size() - 1);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("sources").findValuesAsText("id");
    }

    private static List<String> states(JsonNode page) {
        return page.get("sources").findValuesAsText("state");
    }

    private static InstanceStatus instance(String id, String pool, Instant heartbeat) {
        return InstanceStatus.newBuilder().setInstanceId(id).setRole("fetcher").setHost("h").setPid(1).setPool(pool).setVersion("dev")
                .setStartedAt(NOW.minusSeconds(3600)).setHeartbeatAt(heartbeat).setHeartbeatIntervalMs(5000).setApiUrl(null).build();
    }

    private static SourceStatus status(String id, int failures, Instant nextDue) {
        return SourceStatus.newBuilder().setSourceId(id).setInstanceId("fetcher-1").setPool("default").setKind("feed")
                .setUrl("https://x.example/").setPollStarted(NOW.minusSeconds(6)).setPollEnded(NOW.minusSeconds(5))
                .setOutcome(failures > 0 ? "http_error" : "unchanged").setHttpStatus(failures > 0 ? 503 : 200).setLatencyMs(1000)
                .setConsecutiveFailures(failures).setError(failures > 0 ? "HTTP 503" : null)
                .setLastError(failures > 0 ? "HTTP 503" : null).setNextDue(nextDue).build();
    }
}
