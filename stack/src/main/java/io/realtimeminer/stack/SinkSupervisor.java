package io.realtimeminer.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Restarts the sink connectors, or those of their tasks, that FAILED, as an operator would through
 * Connect's REST API, so that a sink resumes by itself once the cause is gone. Kafka Connect never
 * restarts a FAILED task, and Debezium's JDBC sink fails its task on a database error outside its
 * flush retries: e.g. PostgreSQL shutting down while the task reads the table's metadata, which it
 * does for every batch (Debezium retries the table's existence check since DBZ-7772, not the read
 * of its columns that follows), or any error the database reports with a state other than a
 * connection failure, such as 57P01 for a server that is stopping.
 * <p>
 * Nothing is lost or written twice by a restart: a failed task commits no offset beyond what it
 * wrote, and its successor upserts from there. Restarts back off per connector: the first comes at
 * the first check that sees the failure, the next after one interval, then two, four... up to the
 * longest pause; a connector that has run that long since its last restart starts over.
 */
public final class SinkSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkSupervisor.class);

    private final ConnectRestClient connect;
    private final List<String> connectors;
    private final long intervalNanos;
    private final long maxBackoffNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Restarts> restarts = new HashMap<>();
    private ScheduledExecutorService timer;

    SinkSupervisor(ConnectRestClient connect, List<String> connectors, Duration interval, Duration maxBackoff,
                   LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero() || maxBackoff.compareTo(interval) < 0) {
            throw new IllegalArgumentException("Need 0 < interval <= longest pause, got " + interval + " and " + maxBackoff);
        }
        this.connect = connect;
        this.connectors = List.copyOf(connectors);
        this.intervalNanos = interval.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Checks {@code connectors} on {@code connect} every {@code interval}, on a daemon thread, until closed. */
    public static SinkSupervisor start(ConnectRestClient connect, List<String> connectors, Duration interval, Duration maxBackoff) {
        SinkSupervisor supervisor = new SinkSupervisor(connect, connectors, interval, maxBackoff, System::nanoTime);
        supervisor.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sink-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        supervisor.timer.scheduleWithFixedDelay(supervisor::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Restarting the connectors {} or their tasks when they fail (checked every {} ms, pauses up to {} ms)",
                connectors, interval.toMillis(), maxBackoff.toMillis());
        return supervisor;
    }

    /** One round: reads each connector's state and restarts what of it FAILED, when its backoff allows. */
    synchronized void checkAll() {
        for (String name : connectors) {
            try {
                check(name);
            } catch (IOException e) {
                // The worker is down or rebalancing; the next round asks again.
                log.debug("Cannot check connector {}: {}", name, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Checking connector {} failed", name, e);
            }
        }
    }

    private void check(String name) throws IOException {
        ConnectorStatus status = connect.status(name);
        Restarts history = restarts.computeIfAbsent(name, n -> new Restarts());
        long now = nanoTime.getAsLong();
        List<ConnectorStatus.Failure> failures = status.failures();
        if (failures.isEmpty()) {
            if (status.isRunning() && history.count > 0 && now - history.last >= maxBackoffNanos) {
                log.info("Connector {} has run for {} s since its last restart ({} in a row)", name,
                        Duration.ofNanos(now - history.last).toSeconds(), history.count);
                history.count = 0;
            }
            return;
        }
        if (history.count > 0 && now - history.next < 0) {
            log.debug("Connector {} FAILED again; next restart in {} ms", name, Duration.ofNanos(history.next - now).toMillis());
            return;
        }
        log.warn("Connector {} FAILED, restarting what failed (restart {} in a row): {}", name, history.count + 1, failures);
        connect.restartFailed(name);
        history.count++;
        history.last = now;
        history.next = now + pauseAfter(history.count);
    }

    /** interval, 2 x interval, 4 x interval ... up to the longest pause. */
    private long pauseAfter(int count) {
        long pause = intervalNanos;
        for (int i = 1; i < count && pause < maxBackoffNanos; i++) {
            pause *= 2;
        }
        return Math.min(pause, maxBackoffNanos);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The restarts of one connector since it last ran steadily. */
    private static final class Restarts {
        int count;
        long last;
        long next;
    }
}
