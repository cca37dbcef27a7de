package io.realtimeminer.control;

import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.SourceTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every source of the {@link ClusterView} as a {@link SourceSummary}: what the API lists and miner status counts. */
public final class SourceCatalog {

    private final ClusterView view;
    private final SourceStates states;

    public SourceCatalog(ClusterView view, SourceStates states) {
        this.view = view;
        this.states = states;
    }

    public List<SourceSummary> summaries(Instant now) {
        Set<String> livePools = states.livePools(view.instances().values(), now);
        List<SourceSummary> summaries = new ArrayList<>();
        view.templates().forEach((id, entry) -> summaries.add(summary(id, entry, view.status(id).orElse(null), livePools, now)));
        return summaries;
    }

    public Optional<SourceSummary> summary(String sourceId, Instant now) {
        return view.template(sourceId).map(entry -> summary(sourceId, entry, view.status(sourceId).orElse(null),
                states.livePools(view.instances().values(), now), now));
    }

    private SourceSummary summary(String id, ClusterView.TemplateEntry entry, SourceStatus status, Set<String> livePools, Instant now) {
        SourceTemplate template = entry.template();
        return new SourceSummary(id, template == null ? id : template.name(), template == null ? null : template.kind().wireName(),
                template == null ? null : template.url().toString(), template == null ? null : template.pool(),
                template == null ? List.of() : template.tags(), states.of(template, status, livePools, now),
                status == null ? null : status.getInstanceId(), status == null ? null : status.getPollEnded(),
                status == null ? null : status.getOutcome(), status == null ? 0 : status.getConsecutiveFailures(),
                status == null ? 0 : status.getScheduleLagMs(), status == null ? null : status.getNextDue(),
                status == null ? null : status.getLastNewItemAt(), status == null ? null : status.getLastError(),
                entry.violations().size(), status == null ? null : freshness(status), template == null ? List.of() : template.pools(),
                status == null ? null : status.getPool(),
                template == null || !template.adaptive() ? null : template.freshness().target().toMillis(),
                status == null ? null : status.getExpectedFreshnessMs(), status == null ? null : status.getTargetMet());
    }

    /** Discovered - published of the newest item that tells when it was published (never below zero). */
    private static Long freshness(SourceStatus status) {
        return status.getLatestItems().stream().filter(item -> item.getPublishedAt() != null).findFirst()
                .map(item -> Math.max(0, Duration.between(item.getPublishedAt(), item.getDiscoveredAt()).toMillis())).orElse(null);
    }
}
