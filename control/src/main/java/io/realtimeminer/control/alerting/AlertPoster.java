package io.realtimeminer.control.alerting;

import io.realtimeminer.avro.InstanceStatus;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which instance posts the cluster's alerts: every instance computes the same alerts from the same
 * topics, so one of them, chosen from the heartbeats alone, tells the webhook; the
 * longest-running live instance (ties: the smaller id). When it dies, the next one takes over as
 * soon as its heartbeat times out.
 */
public final class AlertPoster {

    private AlertPoster() {
    }

    /** The live instance that posts, if any. */
    public static Optional<InstanceStatus> of(Collection<InstanceStatus> live) {
        return live.stream().min(Comparator.comparing(InstanceStatus::getStartedAt).thenComparing(InstanceStatus::getInstanceId));
    }

    /**
     * Whether this process (its host and pid, as its heartbeat tells them) is the poster. No live
     * heartbeat of this process (status off, or not written yet) means another one posts, or none.
     */
    public static boolean isThisProcess(Collection<InstanceStatus> live, String host, long pid) {
        return of(live).map(poster -> poster.getPid() == pid && host.equals(poster.getHost())).orElse(false);
    }
}
