package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmLayout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one arm of {@code miner bench --compare} (see {@link Comparison}): its items'
 * freshness, the requests its sources had at the farm, and how many of its sources kept the target.
 */
final class ArmMeasure {

    private ArmMeasure() {
    }

    /**
     * @param pool           the arm
     * @param policy         how it polls, for the report
     * @param layout         the farm's layout (which source is in which arm, on which host)
     * @param inWindow       the items posted in the window (every arm's)
     * @param rows           the stored rows, by source id + URL
     * @param requestsBefore requests per source id at the window's start
     * @param requestsAfter  requests per source id at the window's end
     * @param windowSeconds  the window's length
     * @param target         the freshness the arm is judged by: every item of a source found within it (plus {@code slack})
     * @param slack          allowance for the farm's response delay
     * @param planReasons    the plan of each source's last poll, by source id (from {@code source_status}; none for fixed intervals)
     */
    static FreshnessReport.Arm measure(String pool, String policy, FarmLayout layout, Collection<FarmProcess.Posting> inWindow,
                                       Map<String, StoredItems.Row> rows, Map<String, FarmProcess.Requests> requestsBefore,
                                       Map<String, FarmProcess.Requests> requestsAfter, double windowSeconds, Duration target, Duration slack,
                                       Map<String, String> planReasons) {
        List<Long> freshness = new ArrayList<>();
        List<Long> detection = new ArrayList<>();
        Map<String, Boolean> keptTarget = new HashMap<>();
        long posted = 0;
        long missed = 0;
        long allowed = target.plus(slack).toMillis();
        for (FarmProcess.Posting p : inWindow) {
            if (!inArm(pool, layout, p.sourceId())) {
                continue;
            }
            posted++;
            StoredItems.Row row = rows.get(FarmProcess.key(p.sourceId(), p.url()));
            if (row == null) {
                missed++;
                keptTarget.put(p.sourceId(), false);
                continue;
            }
            freshness.add(Duration.between(p.postedAt(), row.storedAt()).toMillis());
            long detected = Duration.between(p.postedAt(), row.discoveredAt()).toMillis();
            detection.add(detected);
            keptTarget.merge(p.sourceId(), detected <= allowed, Boolean::logicalAnd);
        }
        FarmProcess.Requests none = new FarmProcess.Requests(0, 0);
        int sources = 0;
        long polls = 0;
        long requests = 0;
        Map<String, Long> perHost = new HashMap<>();
        for (int n = 0; n < layout.sources(); n++) {
            String id = FarmLayout.sourceId(n);
            if (!Comparison.pool(layout, n).equals(pool)) {
                continue;
            }
            sources++;
            FarmProcess.Requests after = requestsAfter.getOrDefault(id, none);
            FarmProcess.Requests before = requestsBefore.getOrDefault(id, none);
            long made = after.all() - before.all();
            polls += after.polls() - before.polls();
            requests += made;
            perHost.merge(layout.host(n), made, Long::sum);
        }
        long busiest = perHost.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Long> reasons = new TreeMap<>();
        planReasons.forEach((id, reason) -> {
            if (reason != null && inArm(pool, layout, id)) {
                reasons.merge(reason, 1L, Long::sum);
            }
        });
        Percentiles fresh = Percentiles.ofMillis(freshness.stream().mapToLong(Long::longValue).toArray());
        long kept = keptTarget.values().stream().filter(Boolean::booleanValue).count();
        return new FreshnessReport.Arm(pool, policy, sources, target.toMillis() / 1000.0, posted, posted - missed, missed, fresh,
                Percentiles.ofMillis(detection.stream().mapToLong(Long::longValue).toArray()), polls, round(polls / windowSeconds), requests,
                round(requests / windowSeconds), posted == 0 ? Double.NaN : round(requests / (double) posted),
                round(busiest / windowSeconds), keptTarget.size(), (int) kept, reasons, everyPercent(freshness));
    }

    private static boolean inArm(String pool, FarmLayout layout, String sourceId) {
        return Comparison.pool(layout, FarmLayout.index(sourceId)).equals(pool);
    }

    /** Freshness at 1 %, 2 %, ... 100 % of the items (nearest rank), in seconds: the points of the chart's distribution. */
    private static List<Double> everyPercent(List<Long> millis) {
        if (millis.isEmpty()) {
            return List.of();
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        List<Double> points = new ArrayList<>(100);
        for (int q = 1; q <= 100; q++) {
            points.add(Percentiles.at(sorted, q / 100.0));
        }
        return points;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
