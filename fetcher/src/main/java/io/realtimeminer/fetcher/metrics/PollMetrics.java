package io.realtimeminer.fetcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.realtimeminer.fetcher.schedule.PollListener;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.fetcher.status.PollOutcomes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fetcher's polls as meters: polls by outcome ({@code miner_polls_total}), their duration and
 * schedule lag as histograms, items found and new, the freshness of new items (discovered -
 * published) as a histogram, and gauges of the sources owned, the polls in flight, the sources
 * whose freshness target is not kept and the polls per second the poll budget planned. Told every poll; never blocks it.
 */
public final class PollMetrics implements PollListener {

    private final MeterRegistry registry;
    private final String pool;
    private final Map<String, Counter> polls = new ConcurrentHashMap<>();
    private final Timer duration;
    private final Timer lag;
    private final Timer freshness;
    private final Counter found;
    private final Counter sent;

    public PollMetrics(MeterRegistry registry, String pool) {
        this.registry = registry;
        this.pool = pool;
        this.duration = Timer.builder("miner.poll.duration").description("From a poll's start to its end: fetch, read, send")
                .tag("pool", pool).publishPercentileHistogram().register(registry);
        this.lag = Timer.builder("miner.poll.schedule.lag").description("How late polls start against their turn")
                .tag("pool", pool).publishPercentileHistogram().register(registry);
        this.freshness = Timer.builder("miner.item.freshness")
                .description("How long after its publication a new item was found (discovered - published; items that tell"
                        + " when they were published, a source's first backlog excluded)")
                .tag("pool", pool).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1)).register(registry);
        this.found = Counter.builder("miner.items.found").description("Items in the documents polled").tag("pool", pool).register(registry);
        this.sent = Counter.builder("miner.items.new").description("Items sent: new, or changed in emit mode changes")
                .tag("pool", pool).register(registry);
        PollOutcomes.NAMES.forEach(this::counter);
    }

    /** Adds the gauges of the scheduler's sources and polls under way. */
    public void watch(PollScheduler scheduler) {
        Gauge.builder("miner.sources.owned", scheduler, s -> s.sourceIds().size()).description("Sources this instance polls")
                .tag("pool", pool).register(registry);
        Gauge.builder("miner.polls.in.flight", scheduler, s -> s.stats().pollsInFlight()).description("Polls under way")
                .tag("pool", pool).register(registry);
        Gauge.builder("miner.sources.target.missed", scheduler, PollScheduler::targetsMissed)
                .description("Sources with a freshness target that their last plan does not keep (poll budget too small, server skip hours)")
                .tag("pool", pool).register(registry);
        Gauge.builder("miner.poll.budget.planned", scheduler, PollScheduler::plannedPollsPerSecond)
                .description("Polls per second the poll budget's last sharing planned (NaN without poll.budget.per.second)")
                .tag("pool", pool).register(registry);
    }

    @Override
    public void onPoll(PollResult result) {
        counter(PollOutcomes.of(result)).increment();
        duration.record(result.duration());
        lag.record(result.scheduleLag());
        found.increment(result.itemsFound());
        sent.increment(result.itemsNew() + result.itemsChanged());
        result.freshness().forEach(freshness::record);
    }

    private Counter counter(String outcome) {
        return polls.computeIfAbsent(outcome, o -> Counter.builder("miner.polls").description("Polls finished, by outcome")
                .tag("pool", pool).tag("outcome", o).register(registry));
    }
}
