package io.realtimeminer.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.net.UrlLogin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few calls of Kafka Connect's REST API the stack needs, on the embedded worker or an external
 * cluster alike: wait for the worker, create or update a connector, wait until it runs, read its
 * state and restart what of it failed.
 */
public final class ConnectRestClient {

    /** Answers of a worker that is still joining its cluster or rebalancing: ask again. */
    private static final Set<Integer> NOT_YET = Set.of(404, 409, 500, 503);
    private static final Duration PAUSE = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Optional<UrlLogin> login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl the worker's REST URL; one with a login ({@code http://user:password@host:8083}) sends it as basic auth */
    public ConnectRestClient(String baseUrl) {
        String plain = UrlLogin.strip(baseUrl);
        this.baseUrl = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
        this.login = UrlLogin.of(baseUrl);
    }

    /** The REST resource of connector {@code name}. */
    public String connectorUrl(String name) {
        return baseUrl + "/connectors/" + encode(name);
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
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(connectorUrl(name) + "/config"))
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
                ConnectorStatus status = status(name);
                if (!status.failures().isEmpty()) {
                    ConnectorStatus.Failure failure = status.failures().get(0);
                    throw new IllegalStateException("Connector " + failure.part() + " FAILED: " + failure.trace());
                }
                if (status.isRunning()) {
                    return;
                }
                lastFailure = new IllegalStateException("status " + status);
            } catch (IOException e) {
                lastFailure = e;
            }
            deadline.check("connector " + name + " and its tasks to run", lastFailure);
            deadline.pause(PAUSE);
        }
    }

    /**
     * The state of connector {@code name} and of its tasks, as the worker reports it now.
     *
     * @throws IOException when the worker cannot be reached or does not know the connector (yet)
     */
    public ConnectorStatus status(String name) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(connectorUrl(name) + "/status")).GET());
        if (response.statusCode() != 200) {
            throw new IOException("Status of connector " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return ConnectorStatus.parse(name, JSON.readTree(response.body()));
    }

    /**
     * Restarts whatever of connector {@code name} FAILED, the connector or some of its tasks, and
     * nothing that runs (KIP-745, {@code onlyFailed=true}).
     *
     * @throws IOException when the worker cannot be reached or refuses now (e.g. while it rebalances)
     */
    public void restartFailed(String name) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(connectorUrl(name) + "/restart?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        int status = response.statusCode();
        if (status != 200 && status != 202 && status != 204) {
            throw new IOException("Restart of connector " + name + ": HTTP " + status + " " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            login.ifPresent(user -> request.header("Authorization", user.basicAuthorization()));
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new IllegalStateException("Kafka Connect at " + baseUrl + " refused the login " + (login.isPresent()
                        ? "of user " + login.get().username() : "(none given: put one into the URL, http://user:password@host:port)"));
            }
            return response;
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
