package io.realtimeminer.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core; see HeadlessChromium)
 * against a running pipeline: its source appears with the instance polling it, a click on Pause
 * pauses the source (its template says so on the topic), a broken template shows its violations
 * in the editor and a good one its items before anything is published. Screenshots are written to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningPipeline running;
    private DemoSite site;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
        site = shared.site();
    }

    @Test
    void aSourceAppearsAPauseClickPausesItAndABrokenTemplateShowsItsViolations() throws Exception {
        Path chromium = HeadlessChromium.chromium();
        site.feed("dashboard");
        site.post("dashboard");
        site.feed("dashboard-preview");
        site.post("dashboard-preview", "https://news.example/preview-story", "A story to preview");
        try (TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
            templates.put("dashboard", "{\"url\":\"" + site.url("dashboard") + "\",\"kind\":\"feed\",\"freshness\":\"PT1S\","
                    + "\"name\":\"Dashboard feed\"}");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> source("dashboard").path("source").path("last_new_item").isTextual());

        String output = HeadlessChromium.runScript("dashboard.test.mjs", Map.of(
                "DASHBOARD_URL", running.apiUrl(),
                "SOURCE_ID", "dashboard",
                "PREVIEW_URL", site.url("dashboard-preview").toString(),
                "CHROMIUM", chromium.toString(),
                "SCREENSHOTS", SCREENSHOTS.toString()), Duration.ofMinutes(3));
        JsonNode seen = JSON.readTree(output);

        assertThat(seen.path("path").asText()).as("/ leads to the dashboard").isEqualTo("/dashboard/");
        assertThat(seen.path("title").asText()).isEqualTo("realtime-miner");
        assertThat(seen.path("instances").asInt()).isPositive();
        assertThat(seen.path("stateBefore").asText()).isEqualTo("ok");
        assertThat(seen.path("target").asText()).as("its freshness target and what its plan expects").startsWith("target 1.0 s · expected ");
        assertThat(seen.path("stateAfter").asText()).isEqualTo("paused");
        JsonNode paused = source("dashboard");
        assertThat(paused.path("source").path("state").asText()).isEqualTo("paused");
        assertThat(paused.path("template").path("active").asBoolean(true)).as("the template on the topic says so").isFalse();

        assertThat(seen.path("violations").toString()).contains("$.url").contains("$.kind").contains("$.interval");
        assertThat(seen.path("previewItems").toString()).contains("A story to preview");
        assertThat(status("/sources/dashboard-broken")).as("a preview publishes nothing").isEqualTo(404);
        assertThat(status("/sources/dashboard-preview")).isEqualTo(404);
        assertThat(seen.path("consoleErrors")).as("the page ran without script errors").isEmpty();

        for (String screenshot : new String[] {"dashboard.png", "dashboard-editor.png"}) {
            Path file = SCREENSHOTS.resolve(screenshot);
            assertThat(file).isRegularFile();
            byte[] png = Files.readAllBytes(file);
            assertThat(png.length).as("%s is a real picture", screenshot).isGreaterThan(10_000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    private JsonNode source(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(running.apiUrl() + "/sources/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.apiUrl() + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
