package io.realtimeminer.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.status.StatusSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pools with fallback, with real instances: a source whose template names {@code ["eu", "us"]} is
 * polled by the eu fetcher; when every eu instance is killed it moves to us once eu has been gone
 * for {@code pool.failover.ms}, never before; when eu has an instance again it moves back, and us
 * stops at once (one handover, no second poller beyond it). Stories are posted all along, and
 * every one is stored exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class PoolFailoverIT {

    private static final String SOURCE = "fallback";
    private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FAILOVER = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningPipeline running;
    private DemoSite site;
    private Path dataDir;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
        site = shared.site();
        dataDir = shared.dataDir();
    }

    @Test
    void aSourceMovesToItsNextPoolWhenItsPoolIsGoneAndBackWhenItReturnsEveryStoryStoredOnce() throws Exception {
        site.feed(SOURCE);
        ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
        InstanceProcess eu = fetcher("eu-1", "eu");
        InstanceProcess us = fetcher("us-1", "us");
        InstanceProcess euAgain = null;
        try {
            poster.scheduleAtFixedRate(() -> site.post(SOURCE), 0, 700, TimeUnit.MILLISECONDS);
            try (TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
                templates.put(SOURCE, "{\"url\":\"" + site.url(SOURCE) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\","
                        + "\"pool\":[\"eu\",\"us\"]}");
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> polledBy().equals(Optional.of("eu")));
            assertThat(requestsBy("us-1", Instant.EPOCH)).as("us waits while eu is alive").isZero();

            Instant killed = Instant.now();
            eu.kill();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> requestsBy("us-1", killed) > 0);
            Instant takenOver = firstRequestBy("us-1", killed);
            Duration failoverTime = Duration.between(killed, takenOver);
            System.out.printf("PoolFailoverIT: us took the source over %d ms after eu was killed%n", failoverTime.toMillis());
            assertThat(failoverTime).as("not before eu was gone for the failover time").isGreaterThanOrEqualTo(FAILOVER);
            assertThat(failoverTime).as("within instance timeout + failover + a reroute and a poll")
                    .isLessThan(INSTANCE_TIMEOUT.plus(FAILOVER).plusSeconds(8));
            await().atMost(Duration.ofSeconds(20)).until(() -> polledBy().equals(Optional.of("us")));
            JsonNode moved = source();
            assertThat(moved.path("source").path("pools").toString()).isEqualTo("[\"eu\",\"us\"]");
            assertThat(moved.path("source").path("state").asText()).isEqualTo("ok");

            euAgain = fetcher("eu-2", "eu");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> requestsBy("eu-2", killed) > 0);
            Instant back = firstRequestBy("eu-2", killed);
            await().atMost(Duration.ofSeconds(20)).until(() -> polledBy().equals(Optional.of("eu")));
            Thread.sleep(3_000);
            assertThat(requestsBy("us-1", back.plusSeconds(2))).as("us stopped once eu was back: one handover, no second poller").isZero();
            assertThat(requestsBy("eu-1", killed.plusSeconds(1))).as("the killed instance polls no more").isZero();
        } finally {
            poster.shutdownNow();
            poster.awaitTermination(5, TimeUnit.SECONDS);
            eu.close();
            us.close();
            if (euAgain != null) {
                euAgain.close();
            }
        }

        List<String> posted = site.stories(SOURCE).stream().map(DemoSite.Story::link).toList();
        assertThat(posted).hasSizeGreaterThan(20).doesNotHaveDuplicates();
        // The stories posted while nobody polled (and just before the last stop) are read by the next poll:
        // publish the template to a live pool (the shared pipeline's default) to read the rest.
        try (TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
            templates.put(SOURCE, "{\"url\":\"" + site.url(SOURCE) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}");
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> storedUrls().size() >= posted.size());
        Map<String, Long> stored = storedUrls().stream().collect(Collectors.groupingBy(url -> url, HashMap::new, Collectors.counting()));
        assertThat(stored.keySet()).as("every story posted is stored, nothing else").containsExactlyInAnyOrderElementsOf(posted);
        assertThat(stored.values()).as("none twice").containsOnly(1L);
    }

    private InstanceProcess fetcher(String name, String pool) throws Exception {
        return InstanceProcess.start(name, List.of("-Xmx256m", "-XX:+UseSerialGC"), List.of("fetcher",
                "--data-dir", dataDir.toString(),
                "--pool", pool,
                "-D", FetcherConfig.POOL_FAILOVER_MS + "=" + FAILOVER.toMillis(),
                "-D", StatusSettings.HEARTBEAT_MS + "=1000",
                "-D", StatusSettings.INSTANCE_TIMEOUT_MS + "=" + INSTANCE_TIMEOUT.toMillis(),
                "-D", FetcherConfig.MIN_INTERVAL_MS + "=500",
                "-D", FetcherConfig.HTTP_USER_AGENT + "=" + name,
                "-D", FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES + "=true",
                "-D", FetcherConfig.HTTP_HOST_MIN_DELAY_MS + "=0",
                "-D", FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND + "=0"), Path.of("target", "pool-failover-it", name + ".out"));
    }

    private long requestsBy(String agent, Instant since) {
        return site.requestLog().stream().filter(r -> r.feed().equals(SOURCE) && agent.equals(r.userAgent()) && r.at().isAfter(since))
                .count();
    }

    private Instant firstRequestBy(String agent, Instant since) {
        return site.requestLog().stream().filter(r -> r.feed().equals(SOURCE) && agent.equals(r.userAgent()) && r.at().isAfter(since))
                .map(DemoSite.Request::at).min(Instant::compareTo).orElseThrow();
    }

    private JsonNode source() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(running.apiUrl() + "/sources/" + SOURCE)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    /** The pool of the fetcher that polled the source last, as the API tells. */
    private Optional<String> polledBy() throws Exception {
        JsonNode polledBy = source().path("source").path("polled_by");
        return polledBy.isTextual() ? Optional.of(polledBy.asText()) : Optional.empty();
    }

    private List<String> storedUrls() throws Exception {
        try (Connection db = DriverManager.getConnection(running.endpoints().jdbcUrl(), running.endpoints().jdbcUser(),
                running.endpoints().jdbcPassword());
             ResultSet rows = db.createStatement().executeQuery("select url from items where source_id = '" + SOURCE + "'")) {
            List<String> urls = new ArrayList<>();
            while (rows.next()) {
                urls.add(rows.getString(1));
            }
            return urls;
        }
    }
}
