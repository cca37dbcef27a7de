package io.realtimeminer.status;

import java.util.Map;

/**
 * What an instance tells of its work in each heartbeat.
 *
 * @param sourcesOwned     sources it polls now (0 for a topology instance)
 * @param pollsFinished    polls it finished since it started (the heartbeat turns these into a rate)
 * @param scheduleLagP99Ms 99th percentile of how late its polls started
 * @param siteWants        requests per second it wants of each site whose budget it shares (empty for none)
 */
public record InstanceFacts(int sourcesOwned, long pollsFinished, long scheduleLagP99Ms, Map<String, Double> siteWants) {

    /** An instance that polls nothing. */
    public static final InstanceFacts NONE = new InstanceFacts(0, 0, 0);

    public InstanceFacts {
        siteWants = Map.copyOf(siteWants);
    }

    /** An instance that shares no site's budget. */
    public InstanceFacts(int sourcesOwned, long pollsFinished, long scheduleLagP99Ms) {
        this(sourcesOwned, pollsFinished, scheduleLagP99Ms, Map.of());
    }
}
