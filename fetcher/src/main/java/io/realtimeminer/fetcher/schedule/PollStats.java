package io.realtimeminer.fetcher.schedule;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the scheduler of one instance has done, for the HTTP API and the benchmark: the schedule
 * lag of all polls as a histogram (how late polls start against their turn, the measure of
 * whether an instance keeps up), the last poll of every source, and counters. Thread-safe; reads
 * never block polls.
 */
public final class PollStats {

    /**
     * Schedule lag over all polls since the start or the last {@link #reset()}.
     *
     * @param count polls recorded
     */
    public record LagSummary(long count, Duration p50, Duration p90, Duration p99, Duration max, Duration mean) {
    }

    /**
     * The latest about one source.
     *
     * @param lastPoll            its most recent poll (its {@code scheduleLag} is the source's last lag)
     * @param consecutiveFailures failed polls in a row, 0 after a success
     */
    public record SourceStats(PollResult lastPoll, int consecutiveFailures) {
    }

    // A Recorder hands out interval histograms without stopping writers; they are added up here.
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final ConcurrentHashMap<String, SourceStats> sources = new ConcurrentHashMap<>();
    private final Map<PollResult.Outcome, LongAdder> outcomes = new EnumMap<>(PollResult.Outcome.class);
    private final LongAdder itemsSent = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    PollStats() {
        for (PollResult.Outcome outcome : PollResult.Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void pollStarted() {
        inFlight.incrementAndGet();
    }

    void pollFinished(PollResult result, int consecutiveFailures) {
        inFlight.decrementAndGet();
        recorder.recordValue(Math.max(0, result.scheduleLag().toMillis()));
        outcomes.get(result.outcome()).increment();
        itemsSent.add(result.itemsNew() + result.itemsChanged());
        sources.put(result.sourceId(), new SourceStats(result, consecutiveFailures));
    }

    void forget(String sourceId) {
        sources.remove(sourceId);
    }

    /** Schedule lag percentiles over all polls since the start or the last {@link #reset()}. */
    public synchronized LagSummary lag() {
        total.add(recorder.getIntervalHistogram());
        if (total.getTotalCount() == 0) {
            return new LagSummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        return new LagSummary(total.getTotalCount(),
                Duration.ofMillis(total.getValueAtPercentile(50)),
                Duration.ofMillis(total.getValueAtPercentile(90)),
                Duration.ofMillis(total.getValueAtPercentile(99)),
                Duration.ofMillis(total.getMaxValue()),
                Duration.ofMillis(Math.round(total.getMean())));
    }

    /** Starts a new measurement (e.g. after a benchmark's warm-up): forgets the lag recorded so far. */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
    }

    /** The latest about a source this instance polls, if it was polled yet. */
    public Optional<SourceStats> source(String sourceId) {
        return Optional.ofNullable(sources.get(sourceId));
    }

    /** The latest about every source polled at least once and not removed since. */
    public Map<String, SourceStats> sources() {
        return Map.copyOf(sources);
    }

    /** Polls finished with this outcome since the start. */
    public long polls(PollResult.Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    /** Items written to Kafka since the start (new and changed). */
    public long itemsSent() {
        return itemsSent.sum();
    }

    /** Polls under way now. */
    public int pollsInFlight() {
        return inFlight.get();
    }
}
