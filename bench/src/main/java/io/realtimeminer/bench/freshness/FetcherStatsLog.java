package io.realtimeminer.bench.freshness;

import io.realtimeminer.launcher.FetcherCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls and schedule lag of the fetcher instances, from the {@code poll-stats} lines that
 * {@code miner fetcher --stats-every} prints (each line: the lag of the polls finished since the
 * previous line, and outcome counts since the start).
 */
final class FetcherStatsLog {

    /** One statistics line. */
    record Line(long at, long lagCount, long lagP50Ms, long lagP99Ms, long lagMaxMs, long failed) {
    }

    private FetcherStatsLog() {
    }

    static List<Line> read(Path output) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (!Files.exists(output)) {
            return lines;
        }
        for (String text : Files.readAllLines(output)) {
            if (!text.startsWith(FetcherCommand.STATS_PREFIX + " ")) {
                continue;
            }
            Map<String, Long> values = new HashMap<>();
            for (String field : text.substring(FetcherCommand.STATS_PREFIX.length() + 1).split(" ")) {
                String[] kv = field.split("=", 2);
                if (kv.length == 2) {
                    try {
                        values.put(kv[0], Long.parseLong(kv[1]));
                    } catch (NumberFormatException e) {
                        // Not a figure this parser needs.
                    }
                }
            }
            lines.add(new Line(values.getOrDefault("t", 0L), values.getOrDefault("lag.count", 0L), values.getOrDefault("lag.p50.ms", 0L),
                    values.getOrDefault("lag.p99.ms", 0L), values.getOrDefault("lag.max.ms", 0L), values.getOrDefault("FAILED", 0L)));
        }
        return lines;
    }

    /** The instances' polls in [from, to]: rates from the lines written in it, lag p99 as the worst line's. */
    static FreshnessReport.Polls summarize(List<List<Line>> instances, long fromMillis, long toMillis, double scheduledPerSecond) {
        long polls = 0;
        long failed = 0;
        double weightedP50 = 0;
        long worstP99 = 0;
        long max = 0;
        for (List<Line> lines : instances) {
            long failedBefore = 0;
            long failedLast = -1;
            for (Line line : lines) {
                if (line.at() <= fromMillis) {
                    failedBefore = line.failed();
                } else if (line.at() <= toMillis) {
                    polls += line.lagCount();
                    weightedP50 += (double) line.lagP50Ms() * line.lagCount();
                    worstP99 = Math.max(worstP99, line.lagP99Ms());
                    max = Math.max(max, line.lagMaxMs());
                    failedLast = line.failed();
                }
            }
            if (failedLast >= 0) {
                failed += failedLast - failedBefore;
            }
        }
        double seconds = (toMillis - fromMillis) / 1000.0;
        return new FreshnessReport.Polls(polls, Math.round(polls / seconds * 10) / 10.0, Math.round(scheduledPerSecond * 10) / 10.0, failed,
                polls == 0 ? 0 : Math.round(weightedP50 / polls), worstP99, max);
    }
}
