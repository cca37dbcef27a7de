package io.realtimeminer.bench.farm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySamplerTest {

    @Test
    void drawsTheConfiguredMedianAndP99() {
        LatencySampler sampler = new LatencySampler(Duration.ofMillis(300), Duration.ofSeconds(5));
        SplittableRandom random = new SplittableRandom(42);
        long[] sample = new long[200_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = sampler.sampleMillis(random);
        }
        Arrays.sort(sample);

        assertThat((double) sample[sample.length / 2]).isCloseTo(300, within(10.0));
        assertThat((double) sample[(int) (sample.length * 0.99)]).isCloseTo(5_000, within(300.0));
        assertThat(sample[0]).isGreaterThanOrEqualTo(0);
        assertThat(sample[sample.length - 1]).isLessThanOrEqualTo(60_000);
    }

    @Test
    void aZeroMedianMeansNoDelay() {
        LatencySampler sampler = new LatencySampler(Duration.ZERO, Duration.ZERO);

        assertThat(sampler.sampleMillis(new SplittableRandom(1))).isZero();
    }
}
