package io.realtimeminer.fetcher.sites;

import io.realtimeminer.avro.InstanceStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One request budget per site, shared by every fetcher of the cluster (all pools) without a
 * central point: each fetcher tells in its heartbeat the requests per second it wants of each site
 * it fetches from, and takes of the site's budget the share its want is of all the live fetchers'
 * wants. When the wants fit in the budget, each gets more than it wants; when they do not, the
 * budget is split in proportion, and the sum over the cluster stays within it.
 * <p>
 * A fetcher's want of a site is the larger of its planned polls per second of the site's sources
 * and the requests it was asked for in the last heartbeat interval (item pages, robots.txt, Hacker
 * News items). The planned polls do not fall when the gate holds polls back, so a fetcher that is
 * held back keeps its claim. A fetcher's claims count until its heartbeat times out, or until its
 * clean stop's tombstone: a fetcher that just died still holds its share for that long, which errs
 * on the side of the sites. A site this fetcher has not claimed yet (its first request) counts with
 * a want of {@link #FLOOR} of the budget until the next heartbeat tells the others.
 */
public final class SiteShares implements SiteAllowance {

    /** The want a site is counted with before this fetcher has measured any: a hundredth of the budget. */
    static final double FLOOR = 0.01;
    /** The longest wait between two requests to one site that a share gives: beyond it, the share is as good as none. */
    static final Duration LONGEST_SPACING = Duration.ofMinutes(10);

    private record Claims(Map<String, Double> wants, Instant aliveUntil) {
    }

    private final double budget;
    private final String self;
    private final Duration instanceTimeout;
    private final Clock clock;
    private final Map<String, Claims> others = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> asked = new ConcurrentHashMap<>();
    private volatile Map<String, Double> planned = Map.of();
    private volatile Map<String, Double> wants = Map.of();
    private Instant measuredSince;

    /**
     * @param budget          requests per second per site over the whole cluster; 0 for no budget
     * @param self            this instance's id (its own heartbeats are not another fetcher's claims)
     * @param instanceTimeout how long a heartbeat's claims hold
     */
    public SiteShares(double budget, String self, Duration instanceTimeout, Clock clock) {
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("a site's request budget is a number of requests per second, 0 for none, not " + budget);
        }
        this.budget = budget;
        this.self = self;
        this.instanceTimeout = instanceTimeout;
        this.clock = clock;
        this.measuredSince = clock.instant();
    }

    /** A fetch engine on its own (a preview, an import): the whole budget of every site. */
    public static SiteShares alone(double budget) {
        return new SiteShares(budget, "", Duration.ZERO, Clock.systemUTC());
    }

    public boolean limited() {
        return budget > 0;
    }

    public double budget() {
        return budget;
    }

    /** A request to {@code site} was asked for (counted into this fetcher's want). */
    public void asked(String site) {
        if (limited()) {
            asked.computeIfAbsent(site, s -> new LongAdder()).increment();
        }
    }

    /** The polls per second this fetcher plans of each site's sources. */
    public void planned(Map<String, Double> pollsPerSecond) {
        this.planned = Map.copyOf(pollsPerSecond);
    }

    /**
     * Ends a measuring interval: this fetcher's wants from the plans and the requests asked for
     * since the last call, which its heartbeat then tells the others. Empty without a budget.
     */
    public synchronized Map<String, Double> measure() {
        if (!limited()) {
            return Map.of();
        }
        Instant now = clock.instant();
        double seconds = Math.max(1e-3, Duration.between(measuredSince, now).toNanos() / 1e9);
        measuredSince = now;
        Map<String, Double> measured = new HashMap<>(planned);
        for (Map.Entry<String, LongAdder> entry : asked.entrySet()) {
            long count = entry.getValue().sumThenReset();
            if (count > 0) {
                measured.merge(entry.getKey(), count / seconds, Math::max);
            }
        }
        asked.values().removeIf(adder -> adder.sum() == 0);
        measured.values().removeIf(want -> !(want > 0));
        wants = Map.copyOf(measured);
        return wants;
    }

    /** One heartbeat from {@code miner.instances}: a tombstone ({@code status} null) withdraws the instance's claims. */
    public void heartbeat(String instanceId, InstanceStatus status) {
        if (status == null || !"fetcher".equals(status.getRole())) {
            claims(instanceId, Map.of(), Instant.MIN);
            return;
        }
        claims(instanceId, status.getSiteWants(), status.getHeartbeatAt().plus(instanceTimeout));
    }

    /** Another fetcher's wants of each site, in requests per second, holding until {@code aliveUntil}; none withdraws its claims. */
    public void claims(String instanceId, Map<String, Double> wants, Instant aliveUntil) {
        if (instanceId == null || instanceId.equals(self)) {
            return;
        }
        if (wants == null || wants.isEmpty()) {
            others.remove(instanceId);
        } else {
            others.put(instanceId, new Claims(Map.copyOf(wants), aliveUntil));
        }
    }

    /** Requests per second this fetcher may make of {@code site} now; infinite without a budget. */
    @Override
    public double allowance(String site) {
        if (!limited()) {
            return Double.POSITIVE_INFINITY;
        }
        double mine = Math.max(wants.getOrDefault(site, 0.0), FLOOR * budget);
        double theirs = 0;
        Instant now = clock.instant();
        for (Claims claims : others.values()) {
            if (claims.aliveUntil().isAfter(now)) {
                theirs += claims.wants().getOrDefault(site, 0.0);
            }
        }
        return budget * mine / (mine + theirs);
    }

    /** The least time between two request starts at {@code site}: one over the allowance. */
    public long spacingNanos(String site) {
        if (!limited()) {
            return 0;
        }
        double seconds = 1 / allowance(site);
        return Math.min(LONGEST_SPACING.toNanos(), (long) (seconds * 1e9));
    }

    /** How many other live fetchers claim a share of {@code site}. */
    public int sharers(String site) {
        Instant now = clock.instant();
        return (int) others.values().stream().filter(c -> c.aliveUntil().isAfter(now) && c.wants().containsKey(site)).count();
    }
}
