package io.realtimeminer.fetcher.adaptive;

import io.realtimeminer.template.FreshnessTarget;

import java.time.Duration;
import java.time.Instant;

/**
 * Plans the next poll of a source polled to a freshness target (see {@link FreshnessTarget}), from
 * what it learned of the source ({@link PostingModel}), what the server said ({@link ServerHints})
 * and the share of the poll budget ({@link PollBudget.Allocation}):
 * <ol>
 * <li>until its habits are learned, at its template's interval (longer, up to its longest, when the
 *     budget cannot pay for it);</li>
 * <li>in a learned quiet hour (far fewer posts than its average, and almost none expected), at its
 *     longest interval;</li>
 * <li>without a budget, at its target; with one, at the interval its posting rate earns;</li>
 * <li>a server's freshness hint may lengthen the interval up to the target;</li>
 * <li>the server's skip hours and days move the poll to the next allowed hour, at most to the longest interval.</li>
 * </ol>
 */
public final class AdaptivePlanner {

    /** An hour this much quieter than the source's average, with {@link #QUIET_ITEMS} or fewer posts expected, is quiet. */
    static final double QUIET_FACTOR = 0.2;
    static final double QUIET_ITEMS = 0.1;

    private AdaptivePlanner() {
    }

    /**
     * The demand of a learned source on the budget at {@code now}, or null when it is not shared by
     * the budget (learning: see {@link #learning}; or in a quiet hour: then it takes {@link #fixedPolls}).
     */
    public static PollBudget.Demand demand(FreshnessTarget target, PostingModel model, Instant now) {
        if (!model.learned(now) || quiet(model, now)) {
            return null;
        }
        return new PollBudget.Demand(model.rateInHour(now), seconds(target.minInterval()), seconds(target.target()),
                seconds(target.maxInterval()));
    }

    /** A source still learning at {@code now}, as the budget sees it; null once learned. */
    public static PollBudget.Learning learning(FreshnessTarget target, Duration startInterval, PostingModel model, Instant now) {
        return model.learned(now) ? null : new PollBudget.Learning(seconds(target.bounded(startInterval)), seconds(target.maxInterval()));
    }

    /** Polls per second of a learned source that does not share the budget at {@code now}: one in a quiet hour (see {@link #demand}). */
    public static double fixedPolls(FreshnessTarget target) {
        return 1 / seconds(target.maxInterval());
    }

    /**
     * @param target        the source's target and bounds
     * @param startInterval the template's interval: used until the source is learned
     * @param model         what its polls showed so far
     * @param hints         what its server said at the last poll
     * @param allocation    the budget's share ({@link PollBudget.Allocation#NONE} without a budget)
     * @param from          when the wait starts (the last poll's turn, or now if that passed)
     * @param now           the time
     */
    public static PollPlan plan(FreshnessTarget target, Duration startInterval, PostingModel model, ServerHints hints,
                                PollBudget.Allocation allocation, Instant from, Instant now) {
        double rate = model.learned(now) ? model.rateInHour(now) * 3600 : Double.NaN;
        Duration interval;
        PollPlan.Reason reason;
        if (!model.learned(now)) {
            interval = target.bounded(startInterval);
            if (allocation.budgeted() && allocation.learningStretch() > 1) {
                PollBudget.Learning learning = learning(target, startInterval, model, now);
                interval = Duration.ofMillis(Math.round(allocation.intervalSeconds(learning) * 1000));
            }
            reason = PollPlan.Reason.LEARNING;
        } else if (quiet(model, now)) {
            interval = target.maxInterval();
            reason = PollPlan.Reason.QUIET_HOUR;
        } else if (!allocation.budgeted()) {
            interval = target.target();
            reason = PollPlan.Reason.TARGET;
        } else {
            PollBudget.Demand demand = demand(target, model, now);
            interval = target.bounded(Duration.ofMillis(Math.round(Math.min(allocation.intervalSeconds(demand), 1e12) * 1000)));
            int vsTarget = interval.compareTo(target.target());
            reason = vsTarget < 0 ? PollPlan.Reason.BUDGET_SPARE : vsTarget > 0 ? PollPlan.Reason.BUDGET_SHORT : PollPlan.Reason.TARGET;
        }
        if (target.serverHints() && hints.freshFor() != null && interval.compareTo(target.target()) < 0
                && hints.freshFor().compareTo(interval) > 0) {
            interval = hints.freshFor().compareTo(target.target()) < 0 ? hints.freshFor() : target.target();
            reason = PollPlan.Reason.SERVER_HINT;
        }
        Instant due = from.plus(interval);
        if (due.isBefore(now)) {
            due = now;
        }
        if (target.serverHints()) {
            Instant allowed = hints.firstAllowed(due, latest(from, target.maxInterval(), due));
            if (allowed.isAfter(due)) {
                due = allowed;
                reason = PollPlan.Reason.SERVER_SKIP;
            }
        }
        boolean met = reason != PollPlan.Reason.BUDGET_SHORT && reason != PollPlan.Reason.SERVER_SKIP
                && !(reason == PollPlan.Reason.LEARNING && interval.compareTo(target.bounded(startInterval)) > 0 && interval.compareTo(target.target()) > 0);
        return new PollPlan(due, interval, reason, rate, met);
    }

    /** The latest a server's skip hours may move a poll due at {@code due}: the longest interval after the last turn. */
    private static Instant latest(Instant from, Duration maxInterval, Instant due) {
        Instant latest = from.plus(maxInterval);
        return latest.isBefore(due) ? due : latest;
    }

    /** Whether the hour of {@code now} is one of the source's learned quiet hours. */
    static boolean quiet(PostingModel model, Instant now) {
        double factor = model.hourFactor(now);
        return factor < QUIET_FACTOR && model.rate(now) * factor * 3600 < QUIET_ITEMS;
    }

    private static double seconds(Duration d) {
        return Math.max(0.001, d.toMillis() / 1000.0);
    }
}
