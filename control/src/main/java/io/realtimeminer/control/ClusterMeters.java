package io.realtimeminer.control;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.realtimeminer.control.alerting.Alert;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as gauges, from this instance's view: sources by state ({@code miner_sources{state}})
 * and open alerts by kind ({@code miner_alerts_open{kind}}), recomputed by {@link #refresh} (the
 * control plane does so every few seconds) rather than at each scrape.
 */
final class ClusterMeters {

    private final SourceCatalog catalog;
    private final Clock clock;
    private final Map<SourceState, Long> sources = new ConcurrentHashMap<>();
    private final Map<String, Long> open = new ConcurrentHashMap<>();

    ClusterMeters(SourceCatalog catalog, Clock clock, MeterRegistry registry) {
        this.catalog = catalog;
        this.clock = clock;
        for (SourceState state : SourceState.values()) {
            sources.put(state, 0L);
            Gauge.builder("miner.sources", sources, m -> m.get(state)).description("Sources in this state, cluster-wide")
                    .tag("state", state.wireName()).register(registry);
        }
        for (String kind : Alerts.KINDS) {
            open.put(kind, 0L);
            Gauge.builder("miner.alerts.open", open, m -> m.get(kind)).description("Open alerts of this kind, cluster-wide")
                    .tag("kind", kind).register(registry);
        }
    }

    /** @param alerts the alerts open now ({@link AlertBoard#refresh()}) */
    void refresh(List<Alert> alerts) {
        Map<SourceState, Long> counted = new EnumMap<>(SourceState.class);
        for (SourceState state : SourceState.values()) {
            counted.put(state, 0L);
        }
        catalog.summaries(clock.instant()).forEach(s -> counted.merge(s.state(), 1L, Long::sum));
        sources.putAll(counted);
        open.putAll(Alerts.counts(alerts));
    }
}
