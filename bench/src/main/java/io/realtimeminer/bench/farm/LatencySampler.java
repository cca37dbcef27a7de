package io.realtimeminer.bench.farm;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Draws response delays from a log-normal distribution fixed by its median and 99th percentile,
 * the usual shape of web response times: most answers quick, a long tail of slow ones.
 */
public final class LatencySampler {

    /** The standard normal's 99th percentile. */
    private static final double Z99 = 2.3263478740408408;
    /** No delay beyond this, so that a draw far in the tail cannot hold a response for minutes. */
    private static final double CAP_MILLIS = 60_000;

    private final double mu;
    private final double sigma;
    private final boolean none;

    public LatencySampler(Duration median, Duration p99) {
        this.none = median.isZero();
        double medianMillis = Math.max(1e-3, median.toNanos() / 1e6);
        double p99Millis = Math.max(medianMillis, p99.toNanos() / 1e6);
        this.mu = Math.log(medianMillis);
        this.sigma = Math.log(p99Millis / medianMillis) / Z99;
    }

    /** One delay in milliseconds (0 when the median is zero). */
    public long sampleMillis(RandomGenerator random) {
        if (none) {
            return 0;
        }
        return Math.round(Math.min(CAP_MILLIS, Math.exp(mu + sigma * random.nextGaussian())));
    }
}
