package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.control.alerting.Alert;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cluster's overview as {@code miner status} prints it: instances, sources by state, the
 * worst sources, the sources whose freshness target is not served, and the open alerts.
 */
public final class StatusReport {

    private final ClusterView view;
    private final SourceStates states;
    private final SourceCatalog catalog;
    private final Alerts alerts;

    public StatusReport(ClusterView view, ControlSettings settings, Duration instanceTimeout) {
        this.view = view;
        this.states = new SourceStates(settings, instanceTimeout);
        this.catalog = new SourceCatalog(view, states);
        this.alerts = new Alerts(view, states, settings, instanceTimeout);
    }

    /** Prints the overview at {@code now}, with at most {@code worst} of the sources that need a look. */
    public void print(PrintStream out, Instant now, int worst) {
        List<InstanceStatus> instances = view.instances().values().stream()
                .sorted(Comparator.comparing(InstanceStatus::getRole).thenComparing(InstanceStatus::getInstanceId)).toList();
        long alive = instances.stream().filter(i -> states.alive(i, now)).count();
        out.printf("Instances: %d alive, %d gone%n", alive, instances.size() - alive);
        for (InstanceStatus i : instances) {
            out.printf("  %-22s %-8s %-10s %-5s %6d sources %7.1f polls/s  lag p99 %6d ms  %s%n", i.getInstanceId(), i.getRole(),
                    i.getPool() == null ? "-" : i.getPool(), states.alive(i, now) ? "alive" : "GONE", i.getSourcesOwned(),
                    i.getPollsPerSecond(), i.getScheduleLagP99Ms(), i.getApiUrl() == null ? "" : i.getApiUrl());
        }
        List<SourceSummary> sources = catalog.summaries(now);
        Map<SourceState, Long> byState = new EnumMap<>(SourceState.class);
        sources.forEach(s -> byState.merge(s.state(), 1L, Long::sum));
        out.printf("%nSources: %d (%s)%n", sources.size(), byState.isEmpty() ? "none" : byState.entrySet().stream()
                .map(e -> e.getKey().wireName() + " " + e.getValue()).collect(Collectors.joining(", ")));
        List<SourceSummary> needLook = sources.stream().filter(s -> s.state() != SourceState.OK && s.state() != SourceState.PAUSED)
                .sorted(Comparator.comparing(SourceSummary::state).thenComparing(SourceSummary::consecutiveFailures, Comparator.reverseOrder())
                        .thenComparing(SourceSummary::id))
                .toList();
        if (!needLook.isEmpty()) {
            out.printf("%nWorst sources (%d of %d):%n", Math.min(worst, needLook.size()), needLook.size());
            needLook.stream().limit(worst).forEach(s -> out.printf("  %-30s %-8s %s%n", s.id(), s.state().wireName(), detail(s, now)));
        }
        List<SourceSummary> adaptive = sources.stream().filter(s -> s.freshnessTargetMs() != null).toList();
        if (!adaptive.isEmpty()) {
            List<SourceSummary> missed = adaptive.stream().filter(s -> Boolean.FALSE.equals(s.targetMet()))
                    .sorted(Comparator.comparing(SourceSummary::expectedFreshnessMs, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
                            .thenComparing(SourceSummary::id))
                    .toList();
            out.printf("%nFreshness targets: %d sources, %d not served (poll budget or server skip hours)%n", adaptive.size(), missed.size());
            missed.stream().limit(worst).forEach(s -> out.printf("  %-30s target %6.1f s, expected %6.1f s%n", s.id(),
                    s.freshnessTargetMs() / 1000.0, s.expectedFreshnessMs() == null ? Double.NaN : s.expectedFreshnessMs() / 1000.0));
        }
        List<Alert> open = alerts.open(now);
        out.printf("%nOpen alerts: %d%n", open.size());
        open.stream().limit(worst).forEach(a -> out.printf("  %-22s %-30s %s%n", a.kind(), a.subject(), a.message()));
        if (open.size() > worst) {
            out.printf("  ... and %d more (GET /alerts)%n", open.size() - worst);
        }
    }

    private static String detail(SourceSummary s, Instant now) {
        String polled = s.lastPoll() == null ? "never polled" : "last poll " + Duration.between(s.lastPoll(), now).toSeconds() + " s ago";
        String failures = s.consecutiveFailures() > 0 ? s.consecutiveFailures() + " failures in a row, " : "";
        String error = s.lastError() == null ? "" : ", last error: " + s.lastError();
        return failures + polled + (s.pool() == null ? "" : ", pool " + s.pool()) + error;
    }
}
