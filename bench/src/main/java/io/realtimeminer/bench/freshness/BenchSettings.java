package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One freshness run: the farm, the fetcher instances, the timeline (all times from the moment the
 * templates are published) and where the report goes.
 *
 * @param farm        the imitated sources (their poll interval is the templates' interval)
 * @param fetchers    fetcher instances started at the beginning, each a JVM of its own
 * @param warmup      time before the measured window (first polls, backlog, rebalances)
 * @param duration    the measured window: items posted in it are the ones measured
 * @param drainMax    after the window, how long to wait at most for its last items to be stored
 * @param killAt      when to SIGKILL instance 1, or null
 * @param addAt       when to start one more instance, or null
 * @param bucket      width of the time buckets of the chart and the per-interval figures
 * @param out         directory of the JSON report and the PNG chart
 * @param dataDir     data directory of the embedded stack (a fresh one per run)
 * @param fetcherHeap -Xmx of each fetcher JVM
 * @param stack       settings passed to the stack, the pipeline and the fetchers (e.g. external servers)
 * @param hostileShare hostile sources to add at the window's end, as a share of the farm's sources (0: none);
 *                    a second window, one interval later, measures the well-behaved sources beside them
 * @param compare     {@code --compare}: fixed and adaptive polling side by side on twin sources, {@code fetchers} instances
 *                    each; null for a plain run
 */
public record BenchSettings(FarmSettings farm, int fetchers, Duration warmup, Duration duration, Duration drainMax,
                            Duration killAt, Duration addAt, Duration bucket, Path out, Path dataDir, String fetcherHeap,
                            Map<String, String> stack, double hostileShare, Comparison compare) {

    public BenchSettings {
        if (fetchers < 1) {
            throw new IllegalArgumentException("at least one fetcher instance is needed");
        }
        if (killAt != null && fetchers < 2 && addAt == null) {
            throw new IllegalArgumentException("--kill-at with a single instance leaves no one to take its sources over: add --fetchers 2 or --add-at");
        }
        if (hostileShare < 0 || hostileShare > 1) {
            throw new IllegalArgumentException("--hostile-share is a share of the sources, from 0 to 1");
        }
        if (compare != null && (killAt != null || addAt != null || hostileShare > 0)) {
            throw new IllegalArgumentException("--compare runs the two arms undisturbed: it takes no --kill-at, --add-at or --hostile-share");
        }
        if (compare != null && farm.copies() != 2) {
            throw new IllegalArgumentException("--compare needs the farm's sources in two twin halves");
        }
        stack = Map.copyOf(stack);
    }

    /** The hostile sources added at the end of the first window (at least one when the share is above 0). */
    public int hostileSources() {
        return hostileShare == 0 ? 0 : (int) Math.max(1, Math.round(hostileShare * farm.sources()));
    }

    /** The start of the window measured beside the hostile sources: every one of them was polled by then. */
    public Duration hostileWindowStart() {
        return windowEnd().plus(farm.interval());
    }

    /** The end of the last measured window. */
    public Duration lastWindowEnd() {
        return hostileSources() == 0 ? windowEnd() : hostileWindowStart().plus(duration);
    }

    /** The end of the measured window, from the publication of the templates. */
    public Duration windowEnd() {
        return warmup.plus(duration);
    }
}
