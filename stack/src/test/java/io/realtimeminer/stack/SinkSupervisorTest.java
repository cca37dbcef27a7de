package io.realtimeminer.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The supervisor against a stand-in for Connect's REST API that answers what each test sets. */
class SinkSupervisorTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final String TRACE = """
            org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.
            \tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)
            Caused by: org.apache.kafka.connect.errors.ConnectException: JDBC sink connector failure
            \tat io.debezium.connector.jdbc.JdbcSinkConnectorTask.put(JdbcSinkConnectorTask.java:157)
            Caused by: org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command
            \t... 23 more
            """;

    private HttpServer connect;
    private final AtomicReference<String> status = new AtomicReference<>();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private SinkSupervisor supervisor;

    @BeforeEach
    void startConnect() throws IOException {
        connect = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        connect.createContext("/connectors/items-sink/status", exchange -> answer(exchange, 200, status.get()));
        connect.createContext("/connectors/items-sink/restart", exchange -> {
            restarts.add(exchange.getRequestMethod() + " ?" + exchange.getRequestURI().getQuery());
            answer(exchange, 202, status.get());
        });
        connect.start();
        supervisor = new SinkSupervisor(new ConnectRestClient("http://127.0.0.1:" + connect.getAddress().getPort()),
                List.of("items-sink"), INTERVAL, MAX_BACKOFF, now::get);
    }

    @AfterEach
    void stopConnect() {
        connect.stop(0);
    }

    @Test
    void leavesARunningConnectorAlone() {
        status.set(status("RUNNING", "RUNNING"));
        checkAt(0);
        checkAt(100);
        assertThat(restarts).isEmpty();
    }

    @Test
    void restartsOnlyWhatFailedAtTheFirstCheckThatSeesIt() {
        status.set(status("RUNNING", "FAILED"));
        checkAt(0);
        assertThat(restarts).containsExactly("POST ?includeTasks=true&onlyFailed=true");
    }

    @Test
    void restartsAConnectorThatFailsAgainAfterPausesThatDoubleUpToTheLongest() {
        status.set(status("RUNNING", "FAILED"));
        // Restarts at 0, then after 10, 20, 40 s and then every 60 s while it keeps failing.
        List<Long> restartedAt = new CopyOnWriteArrayList<>();
        for (long second = 0; second <= 300; second += 5) { // checks every 5 s
            int before = restarts.size();
            checkAt(second);
            if (restarts.size() > before) {
                restartedAt.add(second);
            }
        }
        assertThat(restartedAt).containsExactly(0L, 10L, 30L, 70L, 130L, 190L, 250L);
    }

    @Test
    void startsOverOnceTheConnectorHasRunForTheLongestPause() {
        status.set(status("RUNNING", "FAILED"));
        checkAt(0);
        checkAt(10);
        status.set(status("RUNNING", "RUNNING"));
        checkAt(70); // has run for 60 s since the restart at 10 s
        status.set(status("RUNNING", "FAILED"));
        checkAt(71);
        assertThat(restarts).as("restarted at once, not after 20 s").hasSize(3);
    }

    @Test
    void aFailedConnectorItselfIsRestartedToo() {
        status.set(status("FAILED", "RUNNING"));
        checkAt(0);
        assertThat(restarts).hasSize(1);
    }

    @Test
    void anUnreachableWorkerIsAskedAgainAtTheNextCheck() {
        connect.stop(0);
        assertThatNoException().isThrownBy(() -> checkAt(0));
        assertThat(restarts).isEmpty();
    }

    @Test
    void aFailureReadsAsItsExceptionAndRootCause() {
        ConnectorStatus.Failure failure = new ConnectorStatus.Failure("items-sink task 0", TRACE);
        assertThat(failure.reason()).isEqualTo("org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
                + " unrecoverable exception., caused by org.postgresql.util.PSQLException: FATAL: terminating connection due to"
                + " administrator command");
        assertThat(new ConnectorStatus.Failure("items-sink task 0", "java.lang.IllegalStateException: broken\n").reason())
                .isEqualTo("java.lang.IllegalStateException: broken");
    }

    @Test
    void readsTheStateOfTheConnectorAndOfEachTask() throws IOException {
        status.set(status("RUNNING", "FAILED"));
        ConnectorStatus read = new ConnectRestClient("http://127.0.0.1:" + connect.getAddress().getPort()).status("items-sink");
        assertThat(read.isRunning()).isFalse();
        assertThat(read.failures()).extracting(ConnectorStatus.Failure::part).containsExactly("items-sink task 1");
        assertThat(read.failures().get(0).reason()).endsWith("FATAL: terminating connection due to administrator command");
    }

    private void checkAt(long second) {
        now.set(Duration.ofSeconds(second).toNanos());
        supervisor.checkAll();
    }

    /** A status with the connector in {@code connector} state, task 0 running and task 1 in {@code task} state. */
    private static String status(String connector, String task) {
        String trace = TRACE.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
        return """
                {"name":"items-sink","connector":{"state":"%s","worker_id":"127.0.0.1:8083"%s},
                 "tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"},
                          {"id":1,"state":"%s","worker_id":"127.0.0.1:8083"%s}],"type":"sink"}
                """.formatted(connector, connector.equals("FAILED") ? ",\"trace\":\"" + trace + "\"" : "",
                task, task.equals("FAILED") ? ",\"trace\":\"" + trace + "\"" : "");
    }

    private static void answer(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
