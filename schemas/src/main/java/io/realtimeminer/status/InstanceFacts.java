package io.realtimeminer.status;

/**
 * What an instance tells of its work in each heartbeat.
 *
 * @param sourcesOwned     sources it polls now (0 for a topology instance)
 * @param pollsFinished    polls it finished since it started (the heartbeat turns these into a rate)
 * @param scheduleLagP99Ms 99th percentile of how late its polls started
 */
public record InstanceFacts(int sourcesOwned, long pollsFinished, long scheduleLagP99Ms) {

    /** An instance that polls nothing. */
    public static final InstanceFacts NONE = new InstanceFacts(0, 0, 0);
}
