package io.realtimeminer.bench.freshness;

import java.util.Arrays;

/**
 * Exact percentiles of a set of delays, in seconds (every item is kept: a run has at most a few
 * hundred thousand).
 */
public record Percentiles(long count, double p50, double p95, double p99, double max) {

    static Percentiles ofMillis(long[] millis) {
        if (millis.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    static double at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }

    String format() {
        return count == 0 ? "no items" : String.format("p50 %6.2f s  p95 %6.2f s  p99 %6.2f s  max %6.2f s  (%,d items)", p50, p95, p99, max, count);
    }
}
