package io.realtimeminer.control;

import io.realtimeminer.control.alerting.Alert;
import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.SourceTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The alerts of the cluster, computed from the {@link ClusterView}: work without a worker (a
 * pool whose fetchers are all gone, for longer than {@code alerts.unowned.ms}), and failing, late
 * and silent sources, and sources whose extraction suddenly yields nothing (a selector that broke).
 * When a condition began comes from the data where it can (a pool's last heartbeat, a source's
 * last poll); otherwise from when this instance first saw it.
 */
public final class Alerts {

    public static final String POOL_WITHOUT_INSTANCE = "pool_without_instance";
    public static final String SOURCE_FAILING = "source_failing";
    public static final String SOURCE_LATE = "source_late";
    public static final String SOURCE_SILENT = "source_silent";
    public static final String EXTRACTION_BROKE = "extraction_broke";
    public static final List<String> KINDS = List.of(POOL_WITHOUT_INSTANCE, SOURCE_FAILING, SOURCE_LATE, SOURCE_SILENT, EXTRACTION_BROKE);

    private final ClusterView view;
    private final SourceStates states;
    private final ControlSettings settings;
    private final Duration instanceTimeout;
    /** When this instance first saw a pool without a live fetcher, for pools no heartbeat tells of. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    public Alerts(ClusterView view, SourceStates states, ControlSettings settings, Duration instanceTimeout) {
        this.view = view;
        this.states = states;
        this.settings = settings;
        this.instanceTimeout = instanceTimeout;
    }

    /** The alerts open at {@code now}, by kind, then subject. */
    public List<Alert> open(Instant now) {
        List<Alert> alerts = new ArrayList<>(poolsWithoutInstance(now));
        Set<String> livePools = states.livePools(view.instances().values(), now);
        view.templates().forEach((id, entry) -> {
            SourceTemplate template = entry.template();
            if (template != null && !template.active()) {
                return;
            }
            SourceStatus status = view.status(id).orElse(null);
            SourceState state = states.of(template, status, livePools, now);
            switch (state) {
                case FAILING -> alerts.add(status == null
                        ? new Alert(SOURCE_FAILING, id, null, "the fetchers refuse every version of its template: "
                        + entry.violations().stream().map(v -> v.path() + ": " + v.reason()).collect(Collectors.joining("; ")))
                        : new Alert(SOURCE_FAILING, id, failingSince(id, status), status.getConsecutiveFailures()
                        + " failed polls in a row; last error: " + status.getLastError()));
                case LATE -> alerts.add(new Alert(SOURCE_LATE, id, status.getNextDue(), "its poll due at " + status.getNextDue()
                        + " has not happened (owner " + status.getInstanceId() + ")"));
                case SILENT -> alerts.add(new Alert(SOURCE_SILENT, id, status.getLastNewItemAt(), "no new item since "
                        + status.getLastNewItemAt() + "; it usually shows some every " + Duration.ofMillis(status.getUsualNewItemGapMs())));
                default -> { }
            }
            if (state != SourceState.FAILING && status != null) {
                brokenExtraction(id, status).ifPresent(alerts::add);
            }
        });
        alerts.sort(Comparator.comparing((Alert a) -> KINDS.indexOf(a.kind())).thenComparing(Alert::subject));
        return alerts;
    }

    /** Open alerts per kind (every kind, zero included). */
    public static Map<String, Long> counts(List<Alert> open) {
        Map<String, Long> counts = new TreeMap<>();
        KINDS.forEach(kind -> counts.put(kind, 0L));
        open.forEach(alert -> counts.merge(alert.kind(), 1L, Long::sum));
        return counts;
    }

    private List<Alert> poolsWithoutInstance(Instant now) {
        Set<String> livePools = states.livePools(view.instances().values(), now);
        Map<String, Long> sourcesByPool = view.templates().values().stream()
                .filter(e -> e.template() != null && e.template().active())
                .collect(Collectors.groupingBy(e -> e.template().pool(), TreeMap::new, Collectors.counting()));
        // Of those, the ones a later pool of their template can poll while their first is gone.
        Map<String, Long> withFallback = view.templates().values().stream()
                .filter(e -> e.template() != null && e.template().active()
                        && e.template().pools().stream().skip(1).anyMatch(livePools::contains))
                .collect(Collectors.groupingBy(e -> e.template().pool(), TreeMap::new, Collectors.counting()));
        firstSeen.keySet().removeIf(pool -> livePools.contains(pool) || !sourcesByPool.containsKey(pool));
        List<Alert> alerts = new ArrayList<>();
        sourcesByPool.forEach((pool, sources) -> {
            if (livePools.contains(pool)) {
                return;
            }
            // Gone when the last heartbeat of its last instance timed out; else since this instance saw it so.
            Instant since = view.instances().values().stream().filter(i -> pool.equals(i.getPool()))
                    .map(InstanceStatus::getHeartbeatAt).max(Comparator.naturalOrder()).map(last -> last.plus(instanceTimeout))
                    .orElseGet(() -> firstSeen.computeIfAbsent(pool, p -> now));
            if (!since.plus(settings.unowned()).isAfter(now)) {
                long covered = withFallback.getOrDefault(pool, 0L);
                String what = covered == 0 ? "its " + sources + " source(s) are not polled"
                        : covered == sources ? "its " + sources + " source(s) are polled by the next pool their templates name"
                        : "of its " + sources + " source(s), " + (sources - covered) + " are not polled and " + covered
                        + " are polled by the next pool their templates name";
                alerts.add(new Alert(POOL_WITHOUT_INSTANCE, pool, since, "pool '" + pool + "' has no live fetcher: " + what
                        + ". Start one: miner fetcher --pool " + pool));
            }
        });
        return alerts;
    }

    /**
     * When the source's failures in a row began: the end of its first failed poll while the
     * polls kept hold it (the same on every instance); else the oldest failed one kept.
     */
    private Instant failingSince(String id, SourceStatus last) {
        List<SourceStatus> polls = view.recentPolls(id);
        for (int i = polls.size() - 1; i >= 0; i--) {
            SourceStatus poll = polls.get(i);
            if (poll.getConsecutiveFailures() <= 0) {
                break;
            }
            if (poll.getConsecutiveFailures() == 1 || i == 0) {
                return poll.getPollEnded();
            }
        }
        return last.getPollEnded();
    }

    /** A source whose last document held no item, after one that held some: its extraction rules may no longer fit the page. */
    private Optional<Alert> brokenExtraction(String id, SourceStatus last) {
        if (last.getItemsFound() > 0 || !"unchanged".equals(last.getOutcome())) {
            return Optional.empty();
        }
        List<SourceStatus> polls = view.recentPolls(id);
        for (int i = polls.size() - 1; i >= 0; i--) {
            SourceStatus before = polls.get(i);
            if (before.getItemsFound() > 0) {
                // Since the first empty document after it: the same on every instance and at every next empty poll.
                Instant since = i + 1 < polls.size() ? polls.get(i + 1).getPollEnded() : last.getPollEnded();
                return Optional.of(new Alert(EXTRACTION_BROKE, id, since, "its documents yield no item since " + since + ", after "
                        + before.getItemsFound() + " at " + before.getPollEnded() + ": check its extraction rules with miner preview"));
            }
        }
        return Optional.empty();
    }
}
