package io.realtimeminer.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.control.ControlPlane;
import io.realtimeminer.kafka.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP API of a running pipeline: a source added, paused, resumed, rescheduled and deleted
 * through it reaches the fetchers by the templates topic; its status, the instances and the
 * metrics come back from the status topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class ApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningPipeline running;
    private Path dataDir;
    private DemoSite site;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
        dataDir = shared.dataDir();
        site = shared.site();
    }


    @Test
    void aSourceIsSteeredThroughTheApiAndItsStatusComesBack() throws Exception {
        site.feed("theta");
        site.post("theta");
        String template = "{\"name\":\"Theta\",\"url\":\"" + site.url("theta") + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}";

        JsonNode refused = call("PUT", "/sources/theta", "{\"url\":\"" + site.url("theta") + "\",\"kind\":\"rss\"}", 400);
        assertThat(refused.get("details").get(0).get("path").asText()).isEqualTo("$.kind");
        assertThat(call("PUT", "/sources/theta", template, 200).get("id").asText()).isEqualTo("theta");

        // Polled by the fetcher, its status comes back through miner.source.status.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> call("GET", "/sources/theta", null, 200).get("status").get("outcome").asText().equals("not_modified"));
        JsonNode theta = call("GET", "/sources/theta", null, 200);
        assertThat(theta.get("source").get("state").asText()).isEqualTo("ok");
        assertThat(theta.get("source").get("owner").asText()).startsWith("fetcher-");
        assertThat(theta.get("template").get("name").asText()).isEqualTo("Theta");
        assertThat(theta.get("recent_polls").size()).isGreaterThanOrEqualTo(1);
        DemoSite.Story story = site.stories("theta").get(0);
        assertThat(theta.get("latest_items")).singleElement().satisfies(item -> {
            assertThat(item.get("url").asText()).isEqualTo(story.link());
            assertThat(item.get("title").asText()).isEqualTo(story.title());
        });
        assertThat(call("GET", "/sources?state=ok", null, 200).get("sources").findValuesAsText("id")).contains("theta");

        JsonNode instances = call("GET", "/instances", null, 200).get("instances");
        assertThat(instances).anySatisfy(i -> {
            assertThat(i.get("role").asText()).isEqualTo("fetcher");
            assertThat(i.get("alive").asBoolean()).isTrue();
            assertThat(i.get("api_url").asText()).isEqualTo(running.apiUrl());
        });
        // The process's topologies announce themselves too: no pool, no sources.
        assertThat(instances).anySatisfy(i -> {
            assertThat(i.get("instance_id").asText()).isEqualTo("up-" + ProcessHandle.current().pid());
            assertThat(i.get("role").asText()).isEqualTo("topology");
            assertThat(i.get("pool").isNull()).isTrue();
            assertThat(i.get("alive").asBoolean()).isTrue();
            assertThat(i.get("api_url").asText()).isEqualTo(running.apiUrl());
        });

        // Paused: no more requests, and the source says so.
        call("POST", "/sources/theta/pause", "", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(state("theta")));
        int before = site.requests("theta");
        Thread.sleep(3_000);
        assertThat(site.requests("theta")).isLessThanOrEqualTo(before + 1);
        call("POST", "/sources/theta/resume", "", 200);
        int resumedAt = site.requests("theta");
        // A story posted now: found at one of the next polls, its freshness measured (the first poll's backlog is not).
        site.post("theta");
        await().atMost(Duration.ofSeconds(30)).until(() -> site.requests("theta") >= resumedAt + 2);
        assertThat(call("PUT", "/sources/theta/schedule", "{\"interval\":\"PT1H\"}", 200).get("interval").asText()).isEqualTo("PT1H");

        String metrics = text("/metrics");
        assertThat(metrics).contains("miner_polls_total{outcome=\"not_modified\",pool=\"default\"}")
                .contains("miner_poll_duration_seconds_bucket").contains("jvm_memory_used_bytes")
                .contains("miner_item_freshness_seconds_bucket").containsPattern("miner_item_freshness_seconds_count\\{pool=\"default\"} [1-9]")
                // The Kafka clients' own: the fetcher's items producer and templates consumer, and the Streams applications'.
                .contains("kafka_producer_record_send").contains("kafka_consumer_fetch_manager").contains("kafka_stream_");
        // The metrics deploy/k8s/keda.yaml scales the fetchers on are really exported.
        assertThat(KubernetesManifestsTest.scaledOnMetrics()).isNotEmpty()
                .allSatisfy(metric -> assertThat(metrics).as("a metric KEDA scales on").contains(metric + "{"));
        assertThat(call("GET", "/health/ready", null, 200).get("status").asText()).isEqualTo("ready");

        // miner status reads the same topics, from the data dir's stack.
        String status = miner("status");
        assertThat(status).containsPattern("Instances: [1-9]\\d* alive").containsPattern("fetcher-\\S+ +fetcher +default +alive")
                .containsPattern("Sources: \\d+ \\(").contains("Open alerts: ");

        call("DELETE", "/sources/theta", null, 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> status("/sources/theta") == 404);
    }

    @Test
    void fetchNowTakenByAnInstanceThatDoesNotOwnTheSourceIsRunByItsOwner() throws Exception {
        site.feed("iota");
        site.post("iota");
        // Hourly: without the request, its next poll is up to an hour away.
        call("PUT", "/sources/iota", "{\"url\":\"" + site.url("iota") + "\",\"kind\":\"feed\",\"interval\":\"PT1H\"}", 200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> call("GET", "/sources/iota", null, 200).get("status").get("items_new").asInt() == 1);
        String owner = call("GET", "/sources/iota", null, 200).get("status").get("instance_id").asText();
        int requestsBefore = site.requests("iota");
        site.post("iota");

        // Another instance, with only the control plane: it owns no source.
        try (ControlPlane other = InstanceControl.start(Map.of(), running.endpoints().kafkaClients(), running.endpoints().registryUrl(),
                "api-only-test", Map.of())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(other.url() + "/sources/iota") == 200);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(other.url() + "/sources/iota/fetch"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode request = JSON.readTree(accepted.body());
            String requestUrl = other.url() + accepted.headers().firstValue("Location").orElseThrow();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "done".equals(JSON.readTree(text(requestUrl)).get("state").asText()));
            JsonNode poll = JSON.readTree(text(requestUrl)).get("poll");
            assertThat(poll.get("instance_id").asText()).isEqualTo(owner).isNotEqualTo("api-only-test");
            assertThat(Instant.parse(poll.get("poll_started").asText())).isAfterOrEqualTo(Instant.parse(request.get("requested_at").asText()));
            assertThat(poll.get("items_new").asInt()).as("what the poll found").isEqualTo(1);
            assertThat(site.requests("iota")).isEqualTo(requestsBefore + 1);
            // Every instance answers for every request.
            assertThat(call("GET", "/requests/" + request.get("request_id").asText(), null, 200).get("state").asText()).isEqualTo("done");
        }
        call("DELETE", "/sources/iota", null, 200);
    }

    @Test
    void anItemTheDatabaseRefusedIsParkedAndStoredByItsReplayOnceTheCauseIsFixed() throws Exception {
        site.feed("kappa");
        try (Connection db = running.db(); Statement st = db.createStatement()) {
            st.execute("alter table items add constraint refuse_kappa check (title <> 'Refused story')");
        }
        JsonNode parked;
        try {
            site.post("kappa", site.url("kappa") + "/refused", "Refused story");
            call("PUT", "/sources/kappa", "{\"url\":\"" + site.url("kappa") + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}", 200);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> kappaLetter() != null);
            parked = kappaLetter();
            assertThat(parked.get("origin").get("topic").asText()).isEqualTo(Topics.ITEMS_ENRICHED);
            assertThat(parked.get("reason").asText()).isNotBlank();
            assertThat(parked.get("last_replay").isNull()).isTrue();
            assertThat(running.itemRows("kappa")).isZero();
        } finally {
            // The fix.
            try (Connection db = running.db(); Statement st = db.createStatement()) {
                st.execute("alter table items drop constraint if exists refuse_kappa");
            }
        }

        JsonNode report = call("POST", "/dead-letters/items-sink/replay", "{\"ids\":[\"" + parked.get("id").asText() + "\"]}", 200);
        assertThat(report.get("replayed")).hasSize(1);
        assertThat(report.get("replayed").get(0).get("target_topic").asText()).isEqualTo(Topics.ITEMS_ENRICHED);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> running.itemRows("kappa") == 1);
        assertThat(kappaLetter().get("last_replay").get("target_offset").asLong())
                .isEqualTo(report.get("replayed").get(0).get("target_offset").asLong());
        // Replaying every letter not replayed yet leaves this one alone.
        assertThat(call("POST", "/dead-letters/items-sink/replay", "{\"all\":true}", 200).get("replayed").findValuesAsText("letter_offset"))
                .doesNotContain(String.valueOf(parked.get("offset").asLong()));
        call("DELETE", "/sources/kappa", null, 200);
    }

    /** The items sink's letter of a kappa item, or null. */
    private JsonNode kappaLetter() throws Exception {
        for (JsonNode letter : call("GET", "/dead-letters/items-sink?limit=1000", null, 200).get("letters")) {
            if (letter.get("key").asText().startsWith("kappa:")) {
                return letter;
            }
        }
        return null;
    }

    @Test
    void aSubscriptionListIsImportedPolledAndExported() throws Exception {
        site.feed("lambda");
        site.post("lambda");
        Path opml = dataDir.resolveSibling("subscriptions-" + System.nanoTime() + ".opml");
        Files.writeString(opml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0"><head><title>Reader export</title></head><body>
                  <outline text="Imported">
                    <outline type="rss" text="Lambda news" xmlUrl="%s" htmlUrl="%s"/>
                    <outline type="rss" text="Gone" xmlUrl="%s"/>
                  </outline>
                </body></opml>
                """.formatted(site.url("lambda"), site.url("lambda"), site.url("lambda") + "-gone"));

        String report = miner("import", opml.toString(), "--interval", "PT5S", "-D", "http.allow.private.addresses=true");

        assertThat(report).contains("2 subscriptions: 1 added, 0 updated, 0 skipped, 1 refused");
        String id = report.lines().filter(l -> l.startsWith("added")).findFirst().orElseThrow().split("\\s+")[1];
        assertThat(report.lines().filter(l -> l.startsWith("refused")).findFirst().orElseThrow()).contains("answered HTTP 404");
        // Published like any template: polled, and its story stored under the list's name and folder.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> running.itemRows(id) >= 1);
        JsonNode source = call("GET", "/sources/" + id, null, 200);
        assertThat(source.get("template").get("name").asText()).isEqualTo("Lambda news");
        assertThat(source.get("template").get("tags").get(0).asText()).isEqualTo("Imported");

        assertThat(miner("import", opml.toString(), "--interval", "PT5S", "-D", "http.allow.private.addresses=true"))
                .contains("skipped  " + id).contains("0 added, 0 updated, 1 skipped, 1 refused");
        // The same through the API, on the instance's own fetch engine and settings.
        site.feed("mu");
        site.post("mu");
        JsonNode imported = call("POST", "/sources:import?interval=PT5S", """
                <?xml version="1.0"?><opml version="1.0"><body><outline text="Mu" xmlUrl="%s"/></body></opml>
                """.formatted(site.url("mu")), 200);
        assertThat(imported.get("counts").get("added").asInt()).isEqualTo(1);
        String mu = imported.get("results").get(0).get("source_id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> running.itemRows(mu) >= 1);
        assertThat(miner("export")).contains("xmlUrl=\"" + site.url("lambda") + "\"").contains("text=\"Imported\"")
                .contains("text=\"Lambda news\"");
    }

    /** Runs a miner command against the shared pipeline's data dir; its standard output. */
    private String miner(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            String[] all = Stream.concat(Arrays.stream(args), Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
            assertThat(new CommandLine(new Miner()).execute(all)).as("miner %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String state(String id) throws Exception {
        return call("GET", "/sources/" + id, null, 200).get("source").get("state").asText();
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(running.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    /** The status answering {@code path} of this pipeline's API, or a full URL. */
    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : running.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The body answering {@code path} of this pipeline's API, or a full URL. */
    private String text(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : running.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
