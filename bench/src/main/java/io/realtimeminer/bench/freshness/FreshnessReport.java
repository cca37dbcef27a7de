package io.realtimeminer.bench.freshness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@code miner bench} run measured; written as JSON, and as a table for the terminal.
 * Times are seconds; offsets ({@code atS}, {@code startS}) count from the publication of the templates.
 *
 * @param freshness       stored_at − posted_at of the items posted in the window
 * @param pipelineLatency stored_at − discovered_at (fetcher to PostgreSQL row)
 * @param detectionDelay  discovered_at − posted_at (posting to a fetcher seeing it)
 * @param missed          items posted in the window and not stored once the drain ended
 * @param duplicates      items (source id + URL) stored in more than one row
 * @param itemsNewDuplicates item ids on miner.items.new more than once
 * @param buckets         freshness per time bucket of posting, from the start (warm-up included)
 * @param hostile         the second window, beside hostile sources ({@code --hostile-share}); null without
 * @param arms            {@code --compare}: the fixed and the adaptive arm, each on its own (empty without)
 * @param push            {@code --push-share}: the sources behind the farm's WebSub hub; null without
 */
public record FreshnessReport(Map<String, Object> config, String startedAt, double windowStartS, double windowEndS, double drainS,
                              long postedInWindow, long storedInWindow, long missed, long duplicates, long itemsNewDuplicates,
                              Percentiles freshness, Percentiles pipelineLatency, Percentiles detectionDelay, Polls polls,
                              List<ProcessUsage> processes, List<Bucket> buckets, List<Event> events, List<String> missedSample,
                              Hostile hostile, List<Arm> arms, Push push) {

    /** The freshness the issue asks of pushed sources: posted → stored within this at the 99th percentile. */
    public static final double PUSH_TARGET_P99_S = 3.0;

    /**
     * The sources whose feeds name the farm's WebSub hub, in the pool whose fetchers subscribe (the
     * adaptive arm in a comparison: the fixed one stays the polling baseline), over the window.
     *
     * @param pool           that pool ({@code default} without a comparison)
     * @param sources        its sources behind the hub
     * @param active         of them, those whose status said {@code push_state: active} at the end
     * @param posted         their items posted in the window
     * @param missed         of those, not stored
     * @param freshness      stored_at − posted_at of their items
     * @param detection      discovered_at − posted_at of their items
     * @param subscribed     subscriptions the hub verified over the run
     * @param delivered      notifications the hub delivered over the run (2xx), and {@code deliveryFailed} the others
     */
    public record Push(String pool, int sources, int active, long posted, long stored, long missed, Percentiles freshness,
                       Percentiles detection, long subscribed, long delivered, long deliveryFailed) {

        public boolean targetMet() {
            return posted > 0 && missed == 0 && freshness.p99() <= PUSH_TARGET_P99_S;
        }
    }


    public FreshnessReport {
        arms = arms == null ? List.of() : List.copyOf(arms);
    }

    /**
     * One arm of {@code --compare}, over the measured window.
     *
     * @param pool                  {@code fixed} or {@code adaptive}
     * @param policy                how the arm polls
     * @param targetS               the freshness a source of the arm should keep: every item found within it
     * @param freshness             stored_at − posted_at of its items
     * @param detection             discovered_at − posted_at of its items
     * @param polls                 its sources' list requests in the window (feeds, pages, APIs, Hacker News lists), at the farm
     * @param requests              every request its sources' servers answered in the window: polls, Hacker News items, story pages
     * @param requestsPerNewItem    requests over the items posted
     * @param maxSiteRequestsPerSecond the requests of its busiest site (host) per second
     * @param sourcesWithItems      its sources that posted in the window
     * @param sourcesMeetingTarget  of those, the ones whose every item was found within the target (and the farm's p99 delay)
     * @param planReasons           the plan of each source's last poll (from source_status), counted by reason
     * @param freshnessPercentiles  freshness at 1 %, 2 %, ... 100 % of its items
     */
    public record Arm(String pool, String policy, int sources, double targetS, long posted, long stored, long missed,
                      Percentiles freshness, Percentiles detection, long polls, double pollsPerSecond, long requests, double requestsPerSecond, double requestsPerNewItem,
                      double maxSiteRequestsPerSecond, int sourcesWithItems, int sourcesMeetingTarget, Map<String, Long> planReasons,
                      List<Double> freshnessPercentiles) {

        public double shareMeetingTarget() {
            return sourcesWithItems == 0 ? Double.NaN : sourcesMeetingTarget / (double) sourcesWithItems;
        }
    }

    /**
     * The well-behaved sources' items posted in a second window, while hostile sources were polled beside them.
     *
     * @param sources    hostile sources added at {@code addedAtS}
     * @param behaviours what they do, in turn
     * @param freshness  of the well-behaved items posted in [windowStartS, windowEndS)
     * @param p99Ratio   this window's freshness p99 over the first window's (1.10: 10 % worse)
     */
    public record Hostile(int sources, double share, List<String> behaviours, double addedAtS, double windowStartS, double windowEndS,
                          long posted, long stored, long missed, Percentiles freshness, Polls polls, double p99Ratio) {
    }

    /** Polls of all instances in the window (from their poll-stats lines). */
    public record Polls(long polls, double perSecond, double scheduledPerSecond, long failed, long lagP50Ms, long lagP99WorstMs, long lagMaxMs) {
    }

    /** CPU and memory of one process (or group) over the window. */
    public record ProcessUsage(String name, double cpuSeconds, double cores, double maxRssMb, double sampledSeconds) {
    }

    /** Freshness of the items posted in [startS, startS + bucket). */
    public record Bucket(double startS, long items, double p50, double p95, double p99, long missed) {
    }

    /** An instance started or killed. */
    public record Event(double atS, String what, String instance) {
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    static FreshnessReport readJson(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), FreshnessReport.class);
    }

    String summaryTable() {
        StringBuilder t = new StringBuilder();
        t.append(String.format("miner bench: %s sources, %s fetcher(s), interval %s s, window %.0f-%.0f s after start, drain %.0f s%n",
                config.get("sources"), config.get("fetchers"), config.get("intervalS"), windowStartS, windowEndS, drainS));
        t.append(String.format("  %-18s %s%n", "freshness", freshness.format()));
        t.append(String.format("  %-18s %s%n", "pipeline latency", pipelineLatency.format()));
        t.append(String.format("  %-18s %s%n", "detection delay", detectionDelay.format()));
        t.append(String.format("  %-18s %,d posted in the window, %,d stored, %d missed, %d stored twice (rows), %d twice on miner.items.new%n",
                "items", postedInWindow, storedInWindow, missed, duplicates, itemsNewDuplicates));
        t.append(String.format("  %-18s %.1f/s (schedule asks %.1f/s), %d failed; schedule lag p50 %d ms, p99 %d ms (worst 5-s interval), max %d ms%n",
                "polls", polls.perSecond(), polls.scheduledPerSecond(), polls.failed(), polls.lagP50Ms(), polls.lagP99WorstMs(), polls.lagMaxMs()));
        if (hostile != null) {
            t.append(String.format("  %-18s %d sources (%.0f %% of the farm: %s) added at %.0f s; second window %.0f-%.0f s%n",
                    "hostile", hostile.sources(), hostile.share() * 100, String.join(", ", hostile.behaviours()), hostile.addedAtS(),
                    hostile.windowStartS(), hostile.windowEndS()));
            t.append(String.format("  %-18s %s%n", "freshness beside", hostile.freshness().format()));
            t.append(String.format("  %-18s %,d posted, %,d stored, %d missed; polls %.1f/s, %d failed (the hostile ones)%n",
                    "items beside", hostile.posted(), hostile.stored(), hostile.missed(), hostile.polls().perSecond(), hostile.polls().failed()));
            t.append(String.format("  %-18s p99 %.2f s beside hostile sources, %.2f s without: %+.1f %% (target: within 10 %%)%n",
                    "well-behaved p99", hostile.freshness().p99(), freshness.p99(), (hostile.p99Ratio() - 1) * 100));
        }
        for (Arm arm : arms) {
            t.append(String.format("  %-18s %,d sources, %s%n", "arm " + arm.pool(), arm.sources(), arm.policy()));
            t.append(String.format("  %-18s %s%n", "  freshness", arm.freshness().format()));
            t.append(String.format("  %-18s %,d posted, %,d stored, %d missed%n", "  items", arm.posted(), arm.stored(), arm.missed()));
            t.append(String.format("  %-18s %,d polls (%.2f/s); %,d requests in all (%.2f/s, %.2f per new item); busiest site %.3f requests/s%n",
                    "  requests", arm.polls(), arm.pollsPerSecond(), arm.requests(), arm.requestsPerSecond(), arm.requestsPerNewItem(),
                    arm.maxSiteRequestsPerSecond()));
            t.append(String.format("  %-18s %d of %d sources that posted (%.0f %%) had every item found within %.0f s%s%n", "  target",
                    arm.sourcesMeetingTarget(), arm.sourcesWithItems(), arm.shareMeetingTarget() * 100, arm.targetS(),
                    arm.planReasons().isEmpty() ? "" : "; last plans " + arm.planReasons()));
        }
        if (push != null) {
            t.append(String.format("  %-18s %,d sources of pool %s behind the farm's hub, %d subscribed (active) at the end; the hub verified"
                    + " %,d subscriptions, delivered %,d notifications, %,d failed%n", "push", push.sources(), push.pool(), push.active(),
                    push.subscribed(), push.delivered(), push.deliveryFailed()));
            t.append(String.format("  %-18s %s%n", "  freshness", push.freshness().format()));
            t.append(String.format("  %-18s %,d posted, %,d stored, %d missed; posted → stored p99 %.2f s against %.0f s: %s%n", "  items",
                    push.posted(), push.stored(), push.missed(), push.freshness().p99(), PUSH_TARGET_P99_S,
                    push.targetMet() ? "met" : "NOT met"));
        }
        if (!arms.isEmpty() && config.get("siteBudgetPerSecond") instanceof Number budget && budget.doubleValue() > 0) {
            double busiest = arms.stream().mapToDouble(Arm::maxSiteRequestsPerSecond).max().orElse(0);
            t.append(String.format("  %-18s busiest %.3f requests/s against a budget of %.2f per site over the cluster: %s%n", "sites", busiest,
                    budget.doubleValue(), busiest <= budget.doubleValue() ? "within" : "ABOVE"));
        }
        if (arms.size() == 2) {
            Arm fixed = arms.get(0);
            Arm adaptive = arms.get(1);
            t.append(String.format("  %-18s adaptive made %.0f %% of fixed's polls, %.0f %% of its requests; freshness p95 %.2f s vs %.2f s (%s)%n",
                    "compared", fixed.polls() == 0 ? Double.NaN : 100.0 * adaptive.polls() / fixed.polls(),
                    fixed.requests() == 0 ? Double.NaN : 100.0 * adaptive.requests() / fixed.requests(), adaptive.freshness().p95(),
                    fixed.freshness().p95(), adaptive.freshness().p95() <= fixed.freshness().p95() ? "no worse" : "worse"));
        }
        for (ProcessUsage p : processes) {
            t.append(String.format("  %-18s %-40s %5.2f cores  %6.0f MB RSS max%n", "process", p.name(), p.cores(), p.maxRssMb()));
        }
        for (Event e : events) {
            t.append(String.format("  %-18s %6.1f s  %s %s%n", "event", e.atS(), e.instance(), e.what()));
        }
        return t.toString();
    }
}
