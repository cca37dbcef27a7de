package io.realtimeminer.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The few calls of Kafka Connect's REST API the stack needs, on the embedded worker or an external
 * cluster alike: wait for the worker, create or update a connector, wait until it runs.
 */
public final class ConnectRestClient {

    /** Answers of a worker that is still joining its cluster or rebalancing: ask again. */
    private static final Set<Integer> NOT_YET = Set.of(404, 409, 500, 503);
    private static final Duration PAUSE = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Waits until the worker reports itself healthy (it has joined its cluster and read its configs). */
    public void awaitReady(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            Exception lastFailure;
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")).GET());
                if (response.statusCode() == 200) {
                    return;
                }
                lastFailure = new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
            } catch (IOException e) {
                lastFailure = e;
            }
            deadline.check("Kafka Connect at " + baseUrl, lastFailure);
            deadline.pause(PAUSE);
        }
    }

    /** Creates connector {@code name}, or updates its configuration if it exists. */
    public void putConnector(String name, Map<String, String> config, Duration timeout) {
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Connector configuration is not serializable", e);
        }
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            Exception lastFailure;
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)));
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    return;
                }
                if (!NOT_YET.contains(status)) {
                    throw new IllegalStateException("Connect refused connector " + name + ": HTTP " + status + " "
                            + response.body());
                }
                lastFailure = new IllegalStateException("HTTP " + status + " " + response.body());
            } catch (IOException e) {
                lastFailure = e;
            }
            deadline.check("Kafka Connect to accept connector " + name, lastFailure);
            deadline.pause(PAUSE);
        }
    }

    /**
     * Waits until connector {@code name} and all its tasks are RUNNING; fails at once, with
     * Connect's trace, if one of them FAILED.
     */
    public void awaitRunning(String name, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            Exception lastFailure;
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/status")).GET());
                if (response.statusCode() == 200) {
                    JsonNode status = JSON.readTree(response.body());
                    failIfFailed(name, status.path("connector"));
                    status.path("tasks").forEach(task -> failIfFailed(name + " task " + task.path("id").asText(), task));
                    if (isRunning(status)) {
                        return;
                    }
                    lastFailure = new IllegalStateException("status " + response.body());
                } else {
                    lastFailure = new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                lastFailure = e;
            }
            deadline.check("connector " + name + " and its tasks to run", lastFailure);
            deadline.pause(PAUSE);
        }
    }

    private static boolean isRunning(JsonNode status) {
        JsonNode tasks = status.path("tasks");
        if (!"RUNNING".equals(status.path("connector").path("state").asText()) || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode task : tasks) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    private static void failIfFailed(String what, JsonNode state) {
        if ("FAILED".equals(state.path("state").asText())) {
            throw new IllegalStateException("Connector " + what + " FAILED: " + state.path("trace").asText());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Kafka Connect", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
