package io.realtimeminer.bench.fetch;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run.
 *
 * @param sources        sources polled
 * @param setup          what the run was (kinds, interval, farm), one line
 * @param expectedPerSec polls per second the schedule asks for ({@code sources / interval})
 * @param pollsPerSec    polls due in the window per second of the window
 * @param lag            schedule lag of the polls due in the window, ms
 * @param duration       poll duration of the same polls, ms
 * @param discovery      posting to discovery of fresh items found in the window, ms
 * @param cpuPer1000     CPU seconds of the fetcher per 1,000 polls finished in the window
 * @param farmCpuPer1000 CPU seconds of the farm per 1,000 of its responses in the window
 * @param machineBusy    mean share of both cores busy over the window (all processes)
 * @param engineErrors   errors that killed an engine thread during the run or its close (a live list)
 */
record RunReport(int sources, String setup, double expectedPerSec, double pollsPerSec, long polls, long withItems, long notModified,
                 long failed, Map<String, Long> failures, Histogram lag, Histogram duration, Histogram discovery,
                 long itemsFound, long itemsNew, long detailsFetched, long itemsSent, double cpuSeconds, double cpuPer1000, double farmCpuSeconds,
                 double farmCpuPer1000, double machineBusy, long heapUsed, long heapCommitted, long heapLive, int threads,
                 long upsertMillis, long farmLateP99Millis, long farmLateMaxMillis, long lagTargetMillis,
                 List<String> engineErrors) {

    /** The target of issue 3: lag p99 under the target while the engine keeps up with the schedule. */
    boolean holds() {
        return polls > 0 && engineErrors.isEmpty() && lag.getValueAtPercentile(99) < lagTargetMillis && pollsPerSec >= 0.9 * expectedPerSec;
    }

    /** Whether the target holds, and if not, why. */
    String verdict() {
        if (holds()) {
            return "holds";
        }
        if (!engineErrors.isEmpty()) {
            return "MISSED (engine error: " + engineErrors.get(0) + ")";
        }
        if (polls == 0 || lag.getValueAtPercentile(99) >= lagTargetMillis) {
            return "MISSED (lag)";
        }
        return String.format(Locale.ROOT, "MISSED (only %.0f%% of the scheduled polls were done)", 100 * pollsPerSec / expectedPerSec);
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "== %,d sources: %s%n", sources, setup);
        out.printf(Locale.ROOT, "polls/s          %.1f (schedule asks %.1f); %,d polls due in the window: %,d with items, %,d not modified, %,d failed%n",
                pollsPerSec, expectedPerSec, polls, withItems, notModified, failed);
        out.printf(Locale.ROOT, "schedule lag     p50 %d ms, p99 %d ms, max %d ms   -> target p99 < %d ms with >= 90%% of the polls done: %s%n",
                lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), lag.getMaxValue(), lagTargetMillis, verdict());
        out.printf(Locale.ROOT, "poll duration    p50 %d ms, p99 %d ms, max %d ms%n",
                duration.getValueAtPercentile(50), duration.getValueAtPercentile(99), duration.getMaxValue());
        failures.forEach((kind, count) -> out.printf(Locale.ROOT, "  failed %,6d x %s%n", count, kind));
        out.printf(Locale.ROOT, "items            %,d found in window polls, %,d new (%,d detail fetches); %,d sent in the whole run%n",
                itemsFound, itemsNew, detailsFetched, itemsSent);
        out.printf(Locale.ROOT, "discovery delay  p50 %.1f s, p99 %.1f s, max %.1f s (posting to discovery, %,d fresh items in the window)%n",
                discovery.getValueAtPercentile(50) / 1000.0, discovery.getValueAtPercentile(99) / 1000.0, discovery.getMaxValue() / 1000.0,
                discovery.getTotalCount());
        out.printf(Locale.ROOT, "fetcher CPU      %.2f s in the window = %.3f CPU s per 1,000 polls (machine busy %.0f%% of all cores, all processes)%n",
                cpuSeconds, cpuPer1000, machineBusy * 100);
        out.printf(Locale.ROOT, "farm CPU         %.2f s = %.3f CPU s per 1,000 responses; responses late p99 %d ms, max %d ms%n",
                farmCpuSeconds, farmCpuPer1000, farmLateP99Millis, farmLateMaxMillis);
        out.printf(Locale.ROOT, "heap             %d MB used / %d MB committed at the end, %d MB live after GC; %d threads; upsert of all templates %d ms%n",
                heapUsed >> 20, heapCommitted >> 20, heapLive >> 20, threads, upsertMillis);
        engineErrors.forEach(error -> out.println("ENGINE ERROR     " + error));
    }

    String summaryLine() {
        return String.format(Locale.ROOT, "%,8d sources  %7.1f polls/s (of %7.1f)  lag p50 %5d  p99 %6d  max %6d ms  dur p99 %5d ms  fail %5.2f%%  CPU %.3f s/1k polls  heap live %4d MB  machine %3.0f%%  %s",
                sources, pollsPerSec, expectedPerSec, lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), lag.getMaxValue(),
                duration.getValueAtPercentile(99), polls == 0 ? 0.0 : 100.0 * failed / polls, cpuPer1000, heapLive >> 20, machineBusy * 100,
                verdict());
    }
}
