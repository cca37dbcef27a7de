package io.realtimeminer.fetcher.adaptive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shares an instance's polls per second among its adaptively polled sources (those the budget
 * does not cover first: fixed intervals, sources still learning or in a quiet hour).
 * <ul>
 * <li><b>A budget that serves every target</b> spends what it has to spare where it shortens the
 *     wait of items most: the intervals that minimise the summed expected lag of new items under a
 *     fixed number of polls are proportional to {@code 1/sqrt(rate)} (a source's items wait half its
 *     interval on average, weighted by its rate; Lagrange gives the rest), here each between the
 *     source's shortest interval and its target.</li>
 * <li><b>A budget that cannot</b> serves as many items within their target as it can: serving a
 *     source (its target instead of its longest interval) buys items on time in proportion to
 *     {@code rate * target} for the same cost, so the sources that post most within a target are
 *     served first, as many as fit beside the others at their longest intervals; what is left is
 *     shared by {@code 1/sqrt(rate)} among those others, each between its target and its longest
 *     interval. (Minimising the summed lag alone would stretch every source a little, and leave more
 *     items late.)</li>
 * <li><b>A budget that cannot even pay for the sources still learning</b> (polled at their
 *     template's interval until their habits are known) beside the learned ones at their longest
 *     stretches the learning ones' intervals too, all by one factor, each up to its longest: the
 *     budget holds from a source's first poll, also when thousands are added at once.</li>
 * </ul>
 */
public final class PollBudget {

    /** One adaptively polled source, as the allocation sees it: items per second, and its bounds in seconds. */
    public record Demand(double rate, double minSeconds, double targetSeconds, double maxSeconds) {

        /** Items it posts within one target: what serving it at its target buys. */
        double itemsPerTarget() {
            return rate * targetSeconds;
        }
    }

    /** A source still learning, as the allocation sees it: its template's interval within its bounds, and its longest, in seconds. */
    public record Learning(double startSeconds, double maxSeconds) {
    }

    /**
     * How the budget was shared.
     *
     * @param scale          a source posting at rate {@code r} that is not served at its target gets
     *                       {@code scale / sqrt(r)} within its bounds; 0 when the budget polls every
     *                       source at its shortest interval, infinite when all are at their longest
     * @param targetsServed  whether every target is met
     * @param servedFrom     when not every target is met: a source whose {@code rate * target} is at
     *                       least this is served at its target (infinite: none is)
     * @param pollsPerSecond the polls per second planned in all
     * @param learningStretch how many times its template's interval a source still learning waits
     *                       (up to its longest): 1 unless the budget cannot pay for them
     */
    public record Allocation(double scale, boolean targetsServed, double servedFrom, double pollsPerSecond, double learningStretch) {

        /** No budget: every source at its target. */
        public static final Allocation NONE = new Allocation(Double.NaN, true, Double.NaN, Double.NaN, 1);

        /** Whether a budget was shared (else intervals are the targets). */
        public boolean budgeted() {
            return !Double.isNaN(scale);
        }

        /** The interval of {@code demand}, in seconds. */
        public double intervalSeconds(Demand demand) {
            if (targetsServed) {
                return clamp(scale, demand, demand.minSeconds(), demand.targetSeconds());
            }
            if (demand.itemsPerTarget() >= servedFrom) {
                return demand.targetSeconds();
            }
            return clamp(scale, demand, demand.targetSeconds(), demand.maxSeconds());
        }

        /** The interval of a source still learning, in seconds. */
        public double intervalSeconds(Learning learning) {
            return learningSeconds(learning, learningStretch);
        }
    }

    private final double pollsPerSecond;

    /** @param pollsPerSecond polls per second this instance may make in all; 0 for no budget */
    public PollBudget(double pollsPerSecond) {
        if (!(pollsPerSecond >= 0) || Double.isInfinite(pollsPerSecond)) {
            throw new IllegalArgumentException("a poll budget is a number of polls per second, 0 for none, not " + pollsPerSecond);
        }
        this.pollsPerSecond = pollsPerSecond;
    }

    public boolean limited() {
        return pollsPerSecond > 0;
    }

    public double pollsPerSecond() {
        return pollsPerSecond;
    }

    /**
     * @param demands    the adaptive sources to share the budget among
     * @param fixedPolls polls per second the others take (fixed intervals, quiet hours)
     */
    public Allocation allocate(List<Demand> demands, double fixedPolls) {
        return allocate(demands, List.of(), fixedPolls);
    }

    /**
     * @param demands    the learned adaptive sources to share the budget among
     * @param learning   the adaptive sources still learning
     * @param fixedPolls polls per second the others take (fixed intervals, quiet hours)
     */
    public Allocation allocate(List<Demand> demands, List<Learning> learning, double fixedPolls) {
        if (!limited()) {
            return Allocation.NONE;
        }
        double learningPolls = learning.stream().mapToDouble(l -> 1 / l.startSeconds()).sum();
        double learnedAtLongest = polls(demands, Double.POSITIVE_INFINITY, Demand::targetSeconds, Demand::maxSeconds);
        double spare = pollsPerSecond - fixedPolls - learnedAtLongest;
        if (learning.isEmpty() || learningPolls <= spare) {
            return allocateLearned(demands, fixedPolls + learningPolls);
        }
        double stretch = stretch(learning, spare);
        return new Allocation(Double.POSITIVE_INFINITY, false, Double.POSITIVE_INFINITY,
                fixedPolls + learnedAtLongest + learningPolls(learning, stretch), stretch);
    }

    /** The factor by which the learning sources' intervals grow (each up to its longest) to make {@code budget} polls per second. */
    private static double stretch(List<Learning> learning, double budget) {
        double longest = learning.stream().mapToDouble(l -> l.maxSeconds() / l.startSeconds()).max().orElse(1);
        if (longest <= 1 || learningPolls(learning, longest) >= budget) {
            return Math.max(1, longest);
        }
        double low = 1;
        double high = longest;
        for (int i = 0; i < 100 && high / low > 1.000001; i++) {
            double middle = Math.sqrt(low * high);
            if (learningPolls(learning, middle) > budget) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }

    private static double learningPolls(List<Learning> learning, double stretch) {
        double polls = 0;
        for (Learning l : learning) {
            polls += 1 / learningSeconds(l, stretch);
        }
        return polls;
    }

    private static double learningSeconds(Learning learning, double stretch) {
        return Math.max(learning.startSeconds(), Math.min(learning.maxSeconds(), learning.startSeconds() * stretch));
    }

    private Allocation allocateLearned(List<Demand> demands, double fixedPolls) {
        double left = pollsPerSecond - fixedPolls;
        double atShortest = polls(demands, 0, Demand::minSeconds, Demand::targetSeconds);
        if (atShortest <= left) {
            return new Allocation(0, true, Double.NaN, fixedPolls + atShortest, 1);
        }
        double atTargets = polls(demands, Double.POSITIVE_INFINITY, Demand::minSeconds, Demand::targetSeconds);
        if (atTargets <= left) {
            double scale = solve(demands, left, Demand::minSeconds, Demand::targetSeconds);
            return new Allocation(scale, true, Double.NaN, fixedPolls + polls(demands, scale, Demand::minSeconds, Demand::targetSeconds), 1);
        }
        double atLongest = polls(demands, Double.POSITIVE_INFINITY, Demand::targetSeconds, Demand::maxSeconds);
        if (atLongest >= left) {
            // Not even the longest intervals fit (or just): all at their longest.
            return new Allocation(Double.POSITIVE_INFINITY, false, Double.POSITIVE_INFINITY, fixedPolls + atLongest, 1);
        }
        // Serve the sources that post most within a target first, as many as fit beside the others at their longest.
        List<Demand> byValue = new ArrayList<>(demands);
        byValue.sort(Comparator.comparingDouble(Demand::itemsPerTarget).reversed());
        double cost = atLongest;
        int served = 0;
        while (served < byValue.size()) {
            Demand next = byValue.get(served);
            double more = 1 / next.targetSeconds() - 1 / next.maxSeconds();
            if (cost + more > left) {
                break;
            }
            cost += more;
            served++;
        }
        double servedFrom = served == 0 ? Double.POSITIVE_INFINITY : byValue.get(served - 1).itemsPerTarget();
        List<Demand> others = byValue.subList(served, byValue.size());
        double servedPolls = byValue.subList(0, served).stream().mapToDouble(d -> 1 / d.targetSeconds()).sum();
        double scale = others.isEmpty() ? Double.POSITIVE_INFINITY : solve(others, left - servedPolls, Demand::targetSeconds, Demand::maxSeconds);
        return new Allocation(scale, false, servedFrom, fixedPolls + servedPolls + polls(others, scale, Demand::targetSeconds, Demand::maxSeconds), 1);
    }

    /** The scale at which {@code demands} make {@code budget} polls per second, their intervals within the bounds given. */
    private static double solve(List<Demand> demands, double budget, Bound lower, Bound upper) {
        // polls() falls as the scale grows: bisect (in log space, the scale spans many orders).
        double low = 1e-6;
        double high = 1e9;
        for (int i = 0; i < 100 && high / low > 1.000001; i++) {
            double middle = Math.sqrt(low * high);
            if (polls(demands, middle, lower, upper) > budget) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }

    private interface Bound {
        double of(Demand demand);
    }

    private static double polls(List<Demand> demands, double scale, Bound lower, Bound upper) {
        double polls = 0;
        for (Demand demand : demands) {
            polls += 1 / clamp(scale, demand, lower.of(demand), upper.of(demand));
        }
        return polls;
    }

    /** {@code scale / sqrt(rate)} between {@code lower} and {@code upper}. */
    static double clamp(double scale, Demand demand, double lower, double upper) {
        double wanted = scale == 0 ? 0 : scale / Math.sqrt(Math.max(demand.rate(), 1e-12));
        return Math.max(lower, Math.min(upper, wanted));
    }
}
