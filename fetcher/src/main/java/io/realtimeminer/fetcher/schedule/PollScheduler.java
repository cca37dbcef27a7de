package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.adaptive.AdaptivePlanner;
import io.realtimeminer.fetcher.adaptive.PollBudget;
import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.sites.SiteAllowance;
import io.realtimeminer.fetcher.sites.Sites;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Polls every source this instance owns at its interval or cron turns. Each source has a fixed
 * phase within its interval (within the minute, for cron) derived from its id, so polls of many
 * sources spread evenly over time whatever order they arrive in, and a source that moves to
 * another instance keeps its rhythm. A failing source backs off exponentially; a Retry-After
 * holds its next poll back; {@link #stats()} tells how late polls start. A poll that changed what
 * this instance knows about a source (validators, sent items, failures) is told to the
 * {@link FetchStateListener}, so that the source's next owner starts where this one stopped.
 */
public final class PollScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);
    /** How long a sharing of the poll budget is used before it is made again. */
    static final Duration ALLOCATION_AGE = Duration.ofSeconds(10);
    /** A new sharing of the budget moves a poll only when that moves it at least this much. */
    static final Duration REPLAN_GAIN = Duration.ofSeconds(1);

    private final SourcePoller poller;
    private final PollPolicy policy;
    private final PollStats stats = new PollStats();
    private final PollListener listener;
    private final FetchStateListener stateListener;
    private final SourceStatusListener statusListener;
    private final int stateSeenIds;
    private final int seenCapacity;
    private final Clock clock;
    private final PollTimer timer;
    private final ConcurrentHashMap<String, SourceState> sources = new ConcurrentHashMap<>();
    private final PollBudget budget;
    /** The budget's last sharing among the adaptive sources, and when it was made (guarded by this). */
    private PollBudget.Allocation allocation = PollBudget.Allocation.NONE;
    private Instant allocatedAt;
    // The sharing the last replan applied; confined to the timer's thread.
    private PollBudget.Allocation replannedWith;
    private final SiteAllowance sites;
    private final PushSubscriptions push;
    /** The polls per second this instance's sources want of each site, and when that was counted (guarded by this). */
    private Map<String, Double> siteWants = Map.of();
    private Instant siteWantsAt;

    /**
     * @param fetcher      performs the HTTP requests
     * @param extractors   one extractor per source kind
     * @param sink         receives the items found
     * @param parsePool    where documents are parsed (never the HTTP I/O threads)
     * @param listener     told about every finished poll
     * @param seenCapacity item ids remembered per source
     * @param clock        time source
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock) {
        this(fetcher, extractors, sink, parsePool, listener, seenCapacity, clock, PollPolicy.DEFAULTS);
    }

    /**
     * As above, with the backoff and detail settings of {@code FetcherConfig.pollPolicy()}.
     *
     * @param policy how failing sources back off and how many detail documents a poll fetches
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock, PollPolicy policy) {
        this(fetcher, extractors, sink, parsePool, listener, seenCapacity, clock, policy, FetchStateListener.NONE, 0);
    }

    /**
     * As above, handing every changed source state to {@code stateListener}.
     *
     * @param stateListener told, at most once per poll, when a poll changed a source's state
     * @param stateSeenIds  the most recently sent items a handed-over state includes at most
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock, PollPolicy policy,
                         FetchStateListener stateListener, int stateSeenIds) {
        this(fetcher, extractors, sink, parsePool, listener, seenCapacity, clock, policy, stateListener, stateSeenIds,
                PollTimer.daemonThread("poll-scheduler"));
    }

    /**
     * As above, with the turns run by {@code timer}, which must keep time with {@code clock}
     * (tests move both by hand).
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock, PollPolicy policy,
                         FetchStateListener stateListener, int stateSeenIds, PollTimer timer) {
        this(fetcher, extractors, sink, parsePool, listener, seenCapacity, clock, policy, stateListener, stateSeenIds, timer,
                SourceStatusListener.NONE);
    }

    /**
     * As above, telling every source's status after each poll to {@code statusListener}.
     *
     * @param statusListener told the status of a source after each poll (its next turn scheduled) and of its deletion
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock, PollPolicy policy,
                         FetchStateListener stateListener, int stateSeenIds, PollTimer timer, SourceStatusListener statusListener) {
        this(fetcher, extractors, sink, parsePool, listener, seenCapacity, clock, policy, stateListener, stateSeenIds, timer,
                statusListener, SiteAllowance.NONE, PushSubscriptions.OFF);
    }

    /**
     * As above, polling each site's sources within this instance's share of the site's request
     * budget: when the polls its sources of a site want come to more than the share, their
     * intervals are stretched alike until they fit (reason {@code site_budget}), rather than
     * their requests queueing at the fetch engine's gate.
     *
     * A source whose hub pushes it (WebSub, {@code push}) is polled at its backup interval only.
     *
     * @param sites this instance's allowance of requests per second of each site
     * @param push  the WebSub subscriptions of the sources ({@link PushSubscriptions#OFF}: none)
     */
    public PollScheduler(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool,
                         PollListener listener, int seenCapacity, Clock clock, PollPolicy policy,
                         FetchStateListener stateListener, int stateSeenIds, PollTimer timer, SourceStatusListener statusListener,
                         SiteAllowance sites, PushSubscriptions push) {
        this.sites = sites;
        this.push = push;
        this.stateListener = stateListener;
        this.statusListener = statusListener;
        this.stateSeenIds = stateSeenIds;
        this.poller = new SourcePoller(fetcher, extractors, sink, parsePool, clock, policy, PollTrace.NONE, timer::threadCpuNanos, push);
        this.policy = policy;
        this.budget = new PollBudget(policy.pollBudget());
        this.listener = listener;
        this.seenCapacity = seenCapacity;
        this.clock = clock;
        this.timer = timer;
        if (budget.limited()) {
            timer.schedule(this::replanTick, ALLOCATION_AGE);
        }
    }

    /** Adds a source or applies a new version of it at once. */
    public void upsert(SourceTemplate template) {
        upsert(template, null);
    }

    /**
     * Adds a source or applies a new version of it at once.
     *
     * @param previousOwner what the source's previous owner knew about it, taken over by a new source
     *                      before its first poll; null for none (ignored for a source already here)
     */
    public void upsert(SourceTemplate template, FetchState previousOwner) {
        upsert(template, previousOwner, null);
    }

    /**
     * As above; a source new to the pipeline (no previous owner) whose template was published
     * within its interval before now is polled at once, then at its phase: its first items do not
     * wait up to a whole interval. (Templates replayed from long ago keep their phase, so a
     * restart does not poll every source at the same moment.)
     *
     * @param publishedAt when its template record was written, or null if unknown
     */
    public void upsert(SourceTemplate template, FetchState previousOwner, Instant publishedAt) {
        SourceState existing = sources.get(template.id());
        if (existing == null) {
            SourceState state = new SourceState(template, seenCapacity);
            if (previousOwner != null) {
                state.restore(previousOwner, clock.instant());
                push.restore(template.id(), previousOwner.push());
            }
            sources.put(template.id(), state);
            LOG.info("source {} added: {} {}{}", template.id(), template.url(), pace(template),
                    previousOwner == null ? "" : " (state of the previous owner taken over)");
            Instant now = clock.instant();
            Instant catchUp = previousOwner == null || !template.active() || state.cron() != null ? null
                    : TakeoverPoll.due(template.id(), template.interval(), previousOwner, state.notBefore(), now, policy.takeoverCatchUp());
            boolean justPublished = previousOwner == null && publishedAt != null && template.active()
                    && !publishedAt.isBefore(now.minus(template.cron() == null ? template.interval() : Duration.ofMinutes(1)));
            if (catchUp != null) {
                LOG.debug("source {}: its last turn was not polled by its previous owner; polled at {}", template.id(), catchUp);
                scheduleAt(state, catchUp);
            } else if (justPublished) {
                LOG.debug("source {}: published at {}, polled at once", template.id(), publishedAt);
                scheduleAt(state, now);
            } else {
                scheduleAfter(state, now);
            }
            return;
        }
        SourceTemplate previous = existing.template();
        existing.template(template);
        if (previous.equals(template)) {
            return;
        }
        LOG.info("source {} updated: {} {}{}", template.id(), template.url(), pace(template), template.active() ? "" : " (paused)");
        if (!template.active() || !template.url().equals(previous.url())) {
            push.unsubscribe(template.id());
        }
        if (existing.cancelPending()) {
            scheduleAfter(existing, clock.instant());
        }
    }

    /** How a source is polled, for the log: "every PT30S", "at cron 0 * * * *", "to a freshness target of PT1M". */
    private static String pace(SourceTemplate template) {
        if (template.cron() != null) {
            return "at cron " + template.cron().expression();
        }
        return template.adaptive() ? "to a freshness target of " + template.freshness().target() : "every " + template.interval();
    }

    /** Stops polling a source at once (a poll under way finishes but is not followed by another). */
    public void remove(String sourceId) {
        push.forget(sourceId);
        SourceState state = detach(sourceId);
        if (state != null) {
            state.markRemoved();
        }
    }

    private SourceState detach(String sourceId) {
        SourceState state = sources.remove(sourceId);
        if (state != null) {
            stats.forget(sourceId);
            LOG.info("source {} removed", sourceId);
        }
        return state;
    }

    /**
     * Stops polling a source that was deleted (its template's tombstone), and tells the status
     * listener, so that its status is deleted too.
     */
    public void delete(String sourceId) {
        push.unsubscribe(sourceId);
        SourceState state = detach(sourceId);
        if (state == null) {
            tellDeleted(sourceId);
            return;
        }
        // With the state's lock: a poll under way reports under it too, before the deletion or not at all (a status told
        // after the deletion's would bring the deleted source's row back).
        synchronized (state) {
            state.markDeleted();
            tellDeleted(sourceId);
        }
    }

    private void tellDeleted(String sourceId) {
        try {
            statusListener.deleted(sourceId);
        } catch (RuntimeException e) {
            LOG.warn("status listener failed for the deletion of {}", sourceId, e);
        }
    }

    /**
     * Stops polling the sources at once, then waits (up to {@code drain}) for their polls under way
     * to end, so that what those polls changed is told to the state listener before the sources'
     * next owner reads it; a source polled since its state was last told is told once more, with
     * its last poll time (see {@link TakeoverPoll}).
     *
     * @return whether every poll under way ended in time
     */
    public boolean removeAll(Collection<String> sourceIds, Duration drain) throws InterruptedException {
        List<SourceState> removed = new ArrayList<>();
        for (String id : sourceIds) {
            SourceState state = sources.get(id);
            remove(id);
            if (state != null) {
                removed.add(state);
            }
        }
        Instant deadline = Instant.now().plus(drain);
        boolean drained = true;
        while (removed.stream().anyMatch(SourceState::polling)) {
            if (Instant.now().isAfter(deadline)) {
                drained = false;
                break;
            }
            Thread.sleep(20);
        }
        if (stateListener != FetchStateListener.NONE) {
            // The last poll times too, so the next owner does not catch up on turns this one polled.
            for (SourceState state : removed) {
                if (!state.polling()) {
                    tell(state.template().id(), state.finalState(stateSeenIds));
                }
            }
        }
        return drained;
    }

    /**
     * Polls a source now, for a request made at {@code requestedAt} (fetch now), unless a poll of it
     * started on this instance since: any such poll answers the request. A poll under way started
     * before the request, so another follows it at once. A paused source is polled once; the source
     * then keeps its phase.
     *
     * @return false when this instance does not poll the source (not owned, or not yet)
     */
    public boolean pollNow(String sourceId, Instant requestedAt) {
        SourceState state = sources.get(sourceId);
        if (state == null) {
            return false;
        }
        if (state.polledSince(requestedAt)) {
            return true;
        }
        synchronized (state) {
            if (state.cancelPending()) {
                scheduleAt(state, clock.instant());
            } else {
                state.pollAgain();
            }
        }
        LOG.info("source {}: polled now, as asked at {}", sourceId, requestedAt);
        return true;
    }

    /** Schedule lag, last poll per source and counters of this instance. */
    public PollStats stats() {
        return stats;
    }

    public Set<String> sourceIds() {
        return Set.copyOf(sources.keySet());
    }

    /** Sources polled to a freshness target whose last plan does not keep within it (poll budget, server skip hours). */
    public long targetsMissed() {
        return sources.values().stream().map(SourceState::plan).filter(plan -> plan != null && !plan.targetMet()).count();
    }

    /** The polls per second the poll budget's last sharing planned, fixed-interval sources included; NaN without a budget. */
    public synchronized double plannedPollsPerSecond() {
        return allocation.pollsPerSecond();
    }

    /**
     * The polls per second each site's active sources want: one over the interval the last plan
     * wanted of a source polled to a target (before its site's budget stretched it), one over its
     * interval otherwise (a cron schedule is left out: its requests are counted as they are asked
     * for). What this instance claims of the sites' budgets.
     */
    public Map<String, Double> wantedPollsBySite() {
        Map<String, Double> bySite = new HashMap<>();
        for (SourceState state : sources.values()) {
            SourceTemplate template = state.template();
            if (!template.active()) {
                continue;
            }
            Duration wanted = state.wantedInterval();
            Duration interval = wanted != null ? wanted : template.cron() == null ? template.interval() : null;
            if (interval != null && interval.toMillis() > 0) {
                bySite.merge(Sites.of(template.url()), 1000.0 / interval.toMillis(), Double::sum);
            }
        }
        return bySite;
    }

    /**
     * How many times longer than wanted the intervals of {@code site}'s sources must be for their
     * polls to fit in this instance's share of the site's budget: 1 when they fit. The wants are
     * counted again at most every second.
     */
    private double siteStretch(String site, Instant now) {
        if (sites == SiteAllowance.NONE) {
            return 1;
        }
        Map<String, Double> wants;
        synchronized (this) {
            if (siteWantsAt == null || !now.isBefore(siteWantsAt.plusSeconds(1)) || now.isBefore(siteWantsAt)) {
                siteWants = wantedPollsBySite();
                siteWantsAt = now;
            }
            wants = siteWants;
        }
        double want = wants.getOrDefault(site, 0.0);
        double allowed = sites.allowance(site);
        return want > allowed ? want / allowed : 1;
    }

    /** The plan an adaptive source wanted, stretched as its site's share of the request budget needs. */
    private PollPlan withinSiteShare(SourceTemplate template, PollPlan wanted, Instant now) {
        return wanted.stretched(siteStretch(Sites.of(template.url()), now), template.freshness().target());
    }

    /** When the source's next poll is due, or null if it is not scheduled (unknown or paused). */
    public Instant nextDue(String sourceId) {
        SourceState state = sources.get(sourceId);
        return state == null ? null : state.nextDue();
    }

    private void scheduleAfter(SourceState state, Instant after) {
        SourceTemplate template = state.template();
        state.plan(null);
        if (!template.active()) {
            state.scheduled(null, null);
            return;
        }
        Instant notBefore = state.notBefore();
        Instant from = notBefore != null && notBefore.isAfter(after) ? notBefore : after;
        CronTurns cron = state.cron();
        if (cron == null && notBefore != null && state.consecutiveFailures() > 0 && push.pushed(template.id())) {
            // A pushed source's polls are the hub's: one that failed (the poll a notification made, most likely) is tried
            // again after its backoff, not a backup interval or the next notification later.
            scheduleAt(state, from);
            return;
        }
        Duration interval = push.pushed(template.id()) && push.backupInterval().compareTo(template.interval()) > 0
                ? push.backupInterval() : template.interval();
        Instant due = cron != null ? cron.next(from) : nextTurn(template.id(), PollPlan.stretch(interval,
                siteStretch(Sites.of(template.url()), clock.instant())), from);
        if (due == null) {
            LOG.warn("source {}: cron '{}' has no further turn; not polled again until its template changes", template.id(), cron.expression());
            state.scheduled(null, null);
            return;
        }
        scheduleAt(state, due);
    }

    /**
     * The next poll of a source polled to a freshness target, after the poll that was due at
     * {@code due} ended at {@code now}: as its {@link PollPlan} says, but never before a backoff or
     * Retry-After allows.
     */
    private void schedulePlanned(SourceState state, Instant due, Instant now) {
        SourceTemplate template = state.template();
        if (!template.active()) {
            state.scheduled(null, null);
            return;
        }
        Instant from = due.isAfter(now) ? now : due;
        PollPlan wanted = AdaptivePlanner.plan(template.freshness(), template.interval(), state.posting(), state.hints(),
                allocation(now), from, now);
        PollPlan plan = push.pushed(template.id()) ? wanted.pushed(push.backupInterval()) : withinSiteShare(template, wanted, now);
        state.firstPlan(state.plan() == null);
        if (state.firstPlan()) {
            plan = inPhase(template.id(), plan, from, now);
        }
        state.plan(plan, from, plan.reason() == PollPlan.Reason.PUSH ? plan.interval() : wanted.interval());
        scheduleAt(state, plannedDue(state, plan));
    }

    /**
     * A source's first plan on this instance, its poll moved to the source's phase: the share of the
     * interval its id gives ({@link #firstTurn}), the same on every instance. Sources added together
     * are first polled together; planned from there, those with like intervals would stay in step
     * for good, their polls in bursts that no site and no budget measured over a while wants. One
     * poll comes sooner, once; from it the source keeps its own rhythm. A poll the server's skip
     * hours put off is left there.
     */
    private static PollPlan inPhase(String sourceId, PollPlan plan, Instant from, Instant now) {
        if (plan.reason() == PollPlan.Reason.SERVER_SKIP) {
            return plan;
        }
        Instant turn = firstTurn(sourceId, plan.interval(), from);
        return new PollPlan(turn.isBefore(now) ? now : turn, plan.interval(), plan.reason(), plan.ratePerHour(), plan.targetMet());
    }

    /** The first turn of a source planned at {@code interval} from {@code from}: after its phase's share of the interval, in (0, 1]. */
    static Instant firstTurn(String sourceId, Duration interval, Instant from) {
        double share = (phaseOf(sourceId) + 1) / (double) (1L << 32);
        return from.plusMillis(Math.max(1, Math.round(interval.toMillis() * share)));
    }

    /**
     * When the poll {@code plan} planned may run: never before a backoff or Retry-After; and after a
     * failed poll, which saw nothing, right at its backoff (growing with each failure in a row), not a
     * whole planned interval later, by when what the source posted may have fallen off its pages.
     */
    private static Instant plannedDue(SourceState state, PollPlan plan) {
        Instant notBefore = state.notBefore();
        if (notBefore == null) {
            return plan.due();
        }
        return state.consecutiveFailures() > 0 || notBefore.isAfter(plan.due()) ? notBefore : plan.due();
    }

    /**
     * How the poll budget is shared among the adaptive sources at {@code now}: made again when older
     * than {@link #ALLOCATION_AGE} (the sources' rates and quiet hours move slowly).
     */
    synchronized PollBudget.Allocation allocation(Instant now) {
        if (!budget.limited()) {
            return PollBudget.Allocation.NONE;
        }
        if (allocatedAt != null && now.isBefore(allocatedAt.plus(ALLOCATION_AGE)) && !now.isBefore(allocatedAt)) {
            return allocation;
        }
        List<PollBudget.Demand> demands = new ArrayList<>();
        List<PollBudget.Learning> learning = new ArrayList<>();
        double fixed = 0;
        for (SourceState state : sources.values()) {
            SourceTemplate template = state.template();
            if (!template.active()) {
                continue;
            }
            PollBudget.Demand demand = template.adaptive() ? AdaptivePlanner.demand(template.freshness(), state.posting(), now) : null;
            if (demand != null) {
                demands.add(demand);
            } else if (template.adaptive()) {
                PollBudget.Learning learns = AdaptivePlanner.learning(template.freshness(), template.interval(), state.posting(), now);
                if (learns != null) {
                    learning.add(learns);
                } else {
                    fixed += AdaptivePlanner.fixedPolls(template.freshness());
                }
            } else {
                fixed += 1000.0 / Math.max(1, (template.cron() == null ? template.interval() : Duration.ofMinutes(1)).toMillis());
            }
        }
        PollBudget.Allocation shared = budget.allocate(demands, learning, fixed);
        if (!shared.targetsServed() && (allocation.targetsServed() || allocatedAt == null)) {
            double wanted = fixed + learning.stream().mapToDouble(l -> 1 / l.startSeconds()).sum()
                    + demands.stream().mapToDouble(d -> 1 / d.targetSeconds()).sum();
            LOG.warn("the poll budget of {} polls per second ({}) cannot poll every source at its freshness target, which takes {};"
                    + " the sources that post least wait longest (their status says target_met false)", budget.pollsPerSecond(),
                    PollPolicy.POLL_BUDGET_SETTING, Math.round(wanted * 100) / 100.0);
        }
        allocation = shared;
        allocatedAt = now;
        return shared;
    }

    /** Every {@link #ALLOCATION_AGE} while a budget is shared: {@link #replan}, then again. */
    private void replanTick() {
        try {
            replan(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not share the poll budget again: {}", e.toString());
        } finally {
            if (!timer.isShutdown()) {
                timer.schedule(this::replanTick, ALLOCATION_AGE);
            }
        }
    }

    /**
     * Moves the polls that the budget's sharing at {@code now} plans at another time than their last
     * plan did (by more than {@link #REPLAN_GAIN}). A plan is made when a poll ends, with the sharing
     * of that moment: one made while the other sources were still unknown (at start, when every
     * source counts at its template's interval) or busier may wait up to the longest interval, and
     * would keep the budget unspent until then; one made while others were quieter would, brought
     * forward beside those now served, spend more than the budget. A poll that is not its plan's (a
     * retry after a failure, one asked for now) keeps its time.
     */
    void replan(Instant now) {
        PollBudget.Allocation shared = allocation(now);
        if (shared.equals(replannedWith)) {
            return;
        }
        replannedWith = shared;
        for (SourceState state : sources.values()) {
            SourceTemplate template = state.template();
            Instant from = state.plannedFrom();
            Instant scheduled = state.nextDue();
            if (!template.adaptive() || !template.active() || from == null || scheduled == null || state.polling()
                    || push.pushed(template.id())) {
                continue;
            }
            PollPlan wanted = AdaptivePlanner.plan(template.freshness(), template.interval(), state.posting(), state.hints(), shared, from, now);
            PollPlan plan = withinSiteShare(template, wanted, now);
            if (state.firstPlan()) {
                plan = inPhase(template.id(), plan, from, now);
            }
            Instant due = plannedDue(state, plan);
            boolean sooner = due.isBefore(scheduled.minus(REPLAN_GAIN));
            // A source with a plannedFrom has its plan.
            boolean later = due.isAfter(scheduled.plus(REPLAN_GAIN)) && scheduled.equals(plannedDue(state, state.plan()));
            if ((sooner || later) && state.cancelPending()) {
                state.plan(plan, from, wanted.interval());
                scheduleAt(state, due);
            }
        }
    }

    private void scheduleAt(SourceState state, Instant due) {
        // Rounded up, so that a poll never starts before its due time.
        Duration wait = Duration.ofMillis(Math.max(0, (Duration.between(clock.instant(), due).toNanos() + 999_999) / 1_000_000));
        synchronized (state) {
            if (state.removed()) {
                return;
            }
            long turn = state.newTurn();
            state.scheduled(timer.schedule(() -> run(state, due, turn), wait), due);
        }
    }

    private void run(SourceState state, Instant due, long turn) {
        if (!state.startPolling(turn, clock.instant())) {
            return;
        }
        stats.pollStarted();
        poller.poll(state, due).whenComplete((result, error) -> {
            Instant now = clock.instant();
            int failures = 0;
            if (result != null) {
                if (result.itemsNew() > 0) {
                    state.newItemsAt(now);
                }
                push.polled(state.template().id(), now.minus(result.duration()), result.itemsNew());
                state.push(push.subscription(state.template().id()).orElse(null));
                failures = state.recordOutcome(result.outcome() == PollResult.Outcome.FAILED);
                if (failures > 0) {
                    Instant backoff = now.plus(policy.backoff(failures));
                    Instant retryAfter = state.notBefore();
                    state.notBefore(retryAfter != null && retryAfter.isAfter(backoff) ? retryAfter : backoff);
                }
                handOver(state, now);
                stats.pollFinished(result, failures);
                notify(result);
            } else {
                LOG.error("poll of {} ended without a result", state.template().id(), error);
            }
            // Only now: removeAll() waits for this, so the state above is told before a new owner reads it.
            state.finishPolling();
            if (!state.removed() && !timer.isShutdown()) {
                try {
                    if (state.takePollAgain()) {
                        scheduleAt(state, now);
                    } else if (state.template().adaptive() && state.cron() == null) {
                        schedulePlanned(state, due, now);
                    } else {
                        scheduleAfter(state, now.isAfter(due) ? now : due);
                    }
                } catch (RuntimeException e) {
                    // One source's arithmetic must not end the others' polls (this runs on a shared thread).
                    LOG.error("source {}: its next poll could not be scheduled; not polled again until its template changes",
                            state.template().id(), e);
                    state.scheduled(null, null);
                }
            }
            if (result != null) {
                synchronized (state) {
                    if (!state.deleted()) {
                        report(new SourceReport(state.template(), result, now.minus(result.duration()), now, failures,
                                state.removed() ? null : state.nextDue(), state.rhythm(), state.latest(), state.plan(),
                                push.subscription(state.template().id()).orElse(null)));
                    }
                }
            }
        });
    }

    private void report(SourceReport report) {
        try {
            statusListener.polled(report);
        } catch (RuntimeException e) {
            LOG.warn("status listener failed for {}", report.sourceId(), e);
        }
    }

    private void handOver(SourceState state, Instant now) {
        if (stateListener == FetchStateListener.NONE) {
            return;
        }
        tell(state.template().id(), state.changedState(stateSeenIds, now));
    }

    private void tell(String sourceId, FetchState changed) {
        if (changed != null) {
            try {
                stateListener.changed(sourceId, changed);
            } catch (RuntimeException e) {
                LOG.warn("fetch state listener failed for {}", sourceId, e);
            }
        }
    }

    private void notify(PollResult result) {
        try {
            listener.onPoll(result);
        } catch (RuntimeException e) {
            LOG.warn("poll listener failed for {}", result.sourceId(), e);
        }
    }

    /** A source's phase, from its id alone: the same on every instance, in [0, 2^32). */
    private static long phaseOf(String sourceId) {
        CRC32 crc = new CRC32();
        crc.update(sourceId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The first turn strictly after {@code after}: {@code phase + k * interval} for the source's phase. */
    static Instant nextTurn(String sourceId, Duration interval, Instant after) {
        long period = Math.max(1, interval.toMillis());
        long phase = phaseOf(sourceId) % period;
        long t = after.toEpochMilli();
        long k = Math.floorDiv(t - phase, period) + 1;
        return Instant.ofEpochMilli(phase + k * period);
    }

    @Override
    public void close() {
        sources.values().forEach(SourceState::markRemoved);
        sources.clear();
        timer.shutdownNow();
    }
}
