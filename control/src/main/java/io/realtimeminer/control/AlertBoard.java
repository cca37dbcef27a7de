package io.realtimeminer.control;

import io.realtimeminer.control.alerting.Alert;

import java.time.Clock;
import java.util.List;

/**
 * The alerts open now, computed once for the whole instance: the gauges, the webhook, /health and
 * /alerts read the same list (and the same first sightings, which {@link Alerts} remembers).
 */
public final class AlertBoard {

    private final Alerts alerts;
    private final Clock clock;
    private volatile List<Alert> latest;

    public AlertBoard(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Computes the alerts open now, and keeps them as the latest. */
    public synchronized List<Alert> refresh() {
        latest = List.copyOf(alerts.open(clock.instant()));
        return latest;
    }

    /** The alerts of the last {@link #refresh()} (a few seconds old at most); computed now when none ran yet. */
    public List<Alert> latest() {
        List<Alert> last = latest;
        return last == null ? refresh() : last;
    }
}
