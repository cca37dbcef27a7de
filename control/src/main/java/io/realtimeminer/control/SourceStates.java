package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.SourceTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells each source's {@link SourceState} from its template, its last status and the live
 * instances, with the thresholds of {@link ControlSettings} (the {@code source_health} view of the
 * database applies the same rules to its rows, with the default thresholds).
 */
public final class SourceStates {

    private final ControlSettings settings;
    private final Duration instanceTimeout;

    public SourceStates(ControlSettings settings, Duration instanceTimeout) {
        this.settings = settings;
        this.instanceTimeout = instanceTimeout;
    }

    /** After how long without a heartbeat an instance is gone. */
    public Duration instanceTimeout() {
        return instanceTimeout;
    }

    /** Whether an instance's last heartbeat is recent enough: at most the instance timeout old. */
    public boolean alive(InstanceStatus instance, Instant now) {
        return !instance.getHeartbeatAt().isBefore(now.minus(instanceTimeout));
    }

    /** The pools that have at least one live fetcher. */
    public Set<String> livePools(Collection<InstanceStatus> instances, Instant now) {
        return instances.stream().filter(i -> "fetcher".equals(i.getRole()) && i.getPool() != null && alive(i, now))
                .map(InstanceStatus::getPool).collect(Collectors.toSet());
    }

    /**
     * @param template  the template the fetchers run (null if they refused every version of it: failing)
     * @param status    its last status, or null if it was not polled yet
     * @param livePools pools with a live fetcher
     */
    public SourceState of(SourceTemplate template, SourceStatus status, Set<String> livePools, Instant now) {
        if (template == null && status == null) {
            // No version of its template was ever accepted: nobody polls it.
            return SourceState.FAILING;
        }
        if (template != null && !template.active()) {
            return SourceState.PAUSED;
        }
        List<String> pools = template != null ? template.pools() : status != null ? List.of(status.getPool()) : List.of();
        // A poll as recent as a heartbeat proves an owner alive too (its heartbeat may lag under load).
        boolean polledLately = status != null && !status.getPollEnded().isBefore(now.minus(instanceTimeout));
        // A source naming pools in order of preference is polled by the first of them with a live fetcher.
        if (!pools.isEmpty() && pools.stream().noneMatch(livePools::contains) && !polledLately) {
            return SourceState.UNOWNED;
        }
        if (status == null) {
            return SourceState.OK;
        }
        if (status.getConsecutiveFailures() >= settings.failingPolls()) {
            return SourceState.FAILING;
        }
        if (status.getNextDue() != null && status.getNextDue().isBefore(now.minus(settings.late()))) {
            return SourceState.LATE;
        }
        if (status.getUsualNewItemGapMs() != null && status.getLastNewItemAt() != null
                && Duration.between(status.getLastNewItemAt(), now).toMillis() > settings.silentFactor() * status.getUsualNewItemGapMs()) {
            return SourceState.SILENT;
        }
        return SourceState.OK;
    }
}
