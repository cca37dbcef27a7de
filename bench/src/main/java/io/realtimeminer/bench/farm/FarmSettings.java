package io.realtimeminer.bench.farm;

import io.realtimeminer.template.SourceKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link SourceFarm} imitates; every default of the farm lives here.
 *
 * @param sources       how many sources
 * @param mix           relative share of each kind (source {@code n} gets the kind at {@code n} in the weighted cycle)
 * @param itemEvery     mean time between two items of one source
 * @param arrivals      whether items come at a fixed period (random phase) or as a Poisson process
 * @param keepLatest    items each source shows (older ones drop off its pages)
 * @param latencyMedian median response delay; zero answers at once
 * @param latencyP99    99th percentile of the response delay (log-normal between the two)
 * @param errorRate     share of requests answered 503, half of them with a Retry-After of 5 to 30 s
 * @param hosts         distinct loopback hosts the sources are spread over (1 = all on 127.0.0.1)
 * @param interval      poll interval written into the generated templates
 * @param seed          makes phases, arrivals and texts repeatable
 * @param rateSpread    0: every source posts every {@code itemEvery} on average; above 0, each source's mean time between
 *                      items is drawn once, log-normal with median {@code itemEvery} and this sigma (2.5 is about as skewed as
 *                      the web: most sources post a few times a day, a few every minute), never below {@link #FASTEST} unless
 *                      {@code itemEvery} itself is
 * @param copies        how many sources follow each timeline: source {@code n} posts at the times of timeline
 *                      {@code n % (sources / copies)} and has its kind, with links and ids of its own (1: every source its own;
 *                      2: twin halves, so that two ways of polling can be compared on the same postings)
 * @param pushShare     share of the feed timelines whose feeds name the farm's WebSub hub ({@link FarmHub}), which then
 *                      pushes each new item to its subscribers as it is posted (0: none)
 */
public record FarmSettings(int sources, Map<SourceKind, Integer> mix, Duration itemEvery, Arrivals arrivals, int keepLatest,
                           Duration latencyMedian, Duration latencyP99, double errorRate, int hosts, Duration interval, long seed,
                           double rateSpread, int copies, double pushShare) {

    /** The shortest mean time between items a spread of rates gives a source (the farm's pages keep only the latest items). */
    public static final Duration FASTEST = Duration.ofSeconds(10);

    /** How a source's items are spaced in time. */
    public enum Arrivals { FIXED, POISSON }

    public FarmSettings {
        if (sources < 1) {
            throw new IllegalArgumentException("sources must be at least 1");
        }
        if (mix.isEmpty() || mix.values().stream().anyMatch(w -> w < 0) || mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("the kinds mix needs at least one positive weight: " + mix);
        }
        if (itemEvery.isNegative() || itemEvery.isZero() || keepLatest < 1 || hosts < 1) {
            throw new IllegalArgumentException("item interval, kept items and hosts must be positive");
        }
        if (latencyMedian.isNegative() || latencyP99.compareTo(latencyMedian) < 0) {
            throw new IllegalArgumentException("latency p99 must be at least the median, which must not be negative");
        }
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("error rate must be within [0, 1]");
        }
        if (rateSpread < 0 || rateSpread > 5) {
            throw new IllegalArgumentException("the rate spread (sigma of the log-normal) must be within [0, 5]");
        }
        if (pushShare < 0 || pushShare > 1) {
            throw new IllegalArgumentException("the push share must be within [0, 1]");
        }
        if (copies < 1 || sources % copies != 0) {
            throw new IllegalArgumentException("copies must be at least 1 and divide the number of sources (" + sources + ")");
        }
        mix = Collections.unmodifiableMap(new EnumMap<>(mix));
    }

    /** Every source alike and on a timeline of its own. */
    public FarmSettings(int sources, Map<SourceKind, Integer> mix, Duration itemEvery, Arrivals arrivals, int keepLatest,
                        Duration latencyMedian, Duration latencyP99, double errorRate, int hosts, Duration interval, long seed) {
        this(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, 0, 1, 0);
    }

    /** 1,000 sources of every kind alike, an item every 5 minutes, median 300 ms / p99 5 s, 1% errors, one host, 60 s polls. */
    public static FarmSettings defaults() {
        return new FarmSettings(1_000, parseMix("feed=1,html=1,json=1,hackernews=1"), Duration.ofMinutes(5), Arrivals.FIXED, 20,
                Duration.ofMillis(300), Duration.ofSeconds(5), 0.01, 1, Duration.ofSeconds(60), 1L);
    }

    /** Parses {@code feed=2,html=1} (a kind alone weighs 1). */
    public static Map<SourceKind, Integer> parseMix(String text) {
        Map<SourceKind, Integer> mix = new EnumMap<>(SourceKind.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            SourceKind kind = SourceKind.fromWireName(kv[0].trim().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + kv[0] + "' in the mix " + text));
            mix.put(kind, kv.length == 2 ? Integer.parseInt(kv[1].trim()) : 1);
        }
        return mix;
    }

    /** The kinds in the order sources take them: source {@code n} is of kind {@code cycle.get(n % cycle.size())}. */
    public List<SourceKind> kindCycle() {
        List<SourceKind> cycle = new ArrayList<>();
        mix.forEach((kind, weight) -> cycle.addAll(Collections.nCopies(weight, kind)));
        return cycle;
    }

    public FarmSettings withSources(int sources) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withMix(Map<SourceKind, Integer> mix) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withItems(Duration itemEvery, Arrivals arrivals, int keepLatest) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withLatency(Duration median, Duration p99) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, median, p99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withErrorRate(double errorRate) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withHosts(int hosts) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    public FarmSettings withInterval(Duration interval) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }

    /** Rates spread log-normally over the sources, each timeline followed by {@code copies} sources. */
    public FarmSettings withSpread(double rateSpread, int copies) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed,
                rateSpread, copies, pushShare);
    }

    /** A share of the feed timelines behind the farm's WebSub hub. */
    public FarmSettings withPushShare(double pushShare) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed,
                rateSpread, copies, pushShare);
    }

    /** How many distinct timelines the sources follow. */
    public int timelines() {
        return sources / copies;
    }

    public FarmSettings withSeed(long seed) {
        return new FarmSettings(sources, mix, itemEvery, arrivals, keepLatest, latencyMedian, latencyP99, errorRate, hosts, interval, seed, rateSpread, copies, pushShare);
    }
}
