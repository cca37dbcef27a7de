package io.realtimeminer.bench.freshness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmSettings;
import io.realtimeminer.bench.farm.FarmTemplates;

import java.time.Duration;

/**
 * {@code miner bench --compare}: the farm serves every timeline twice; the first copy of each source
 * is polled in pool {@value #FIXED_POOL} at the farm's fixed interval, its twin in pool
 * {@value #ADAPTIVE_POOL} to a freshness target, by fetchers whose poll budget is a share of what
 * the fixed pool asks. Both see the same postings at the same times, so their figures compare.
 *
 * @param target      the adaptive twins' freshness target
 * @param minInterval the shortest interval the adaptive twins may be polled at
 * @param maxInterval the longest (a slow source waits at most this long)
 * @param budgetShare the adaptive pool's polls per second as a share of the fixed pool's (1/3: a third of the requests)
 */
record Comparison(Duration target, Duration minInterval, Duration maxInterval, double budgetShare) {

    static final String FIXED_POOL = "fixed";
    static final String ADAPTIVE_POOL = "adaptive";

    Comparison {
        if (target.isNegative() || target.isZero() || minInterval.isNegative() || minInterval.isZero()) {
            throw new IllegalArgumentException("--target and --min-interval must be positive");
        }
        if (minInterval.compareTo(target) > 0 || maxInterval.compareTo(target) < 0) {
            throw new IllegalArgumentException("--min-interval must not exceed --target, nor --target --max-interval");
        }
        if (budgetShare <= 0 || budgetShare > 1) {
            throw new IllegalArgumentException("--budget-share is a share of the fixed pool's polls, above 0 and at most 1");
        }
    }

    /** The pool source {@code n} is polled by: its timeline's first copy is fixed, the second adaptive. */
    static String pool(FarmLayout layout, int n) {
        return layout.copy(n) == 0 ? FIXED_POOL : ADAPTIVE_POOL;
    }

    /** Source {@code n}'s template: the farm's, in its arm's pool, and for the adaptive arm with the target and bounds. */
    String template(FarmTemplates templates, FarmLayout layout, int n) {
        ObjectNode template = templates.node(n);
        String pool = pool(layout, n);
        template.put("pool", pool);
        if (pool.equals(ADAPTIVE_POOL)) {
            template.put("interval", target.toString())
                    .put("freshness", target.toString())
                    .put("min_interval", minInterval.toString())
                    .put("max_interval", maxInterval.toString());
        }
        return template.toString();
    }

    /** Polls per second the fixed arm asks: its sources over the interval. */
    static double fixedPollsPerSecond(FarmSettings farm) {
        return farm.timelines() / (farm.interval().toMillis() / 1000.0);
    }

    /** The poll budget of each adaptive fetcher: the share of the fixed arm's polls, split over the pool's instances. */
    double budgetPerInstance(FarmSettings farm, int instances) {
        return fixedPollsPerSecond(farm) * budgetShare / instances;
    }

    /** What the report says of an arm's polling. */
    String policy(String pool, FarmSettings farm, int instances) {
        return pool.equals(FIXED_POOL) ? "interval " + farm.interval().toSeconds() + " s"
                : String.format("target %d s within [%d s, %d s], budget %.2f polls/s per instance (%.0f %% of fixed)",
                target.toSeconds(), minInterval.toSeconds(), maxInterval.toSeconds(), budgetPerInstance(farm, instances), budgetShare * 100);
    }
}
