package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.adaptive.PollPlan;
import io.realtimeminer.fetcher.adaptive.PostingModel;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.adaptive.ServerHints;
import io.realtimeminer.template.SourceTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an instance knows about one source it owns: its template (and parsed cron), validators,
 * seen items, failures in a row, the earliest time it may be polled again and its next turn.
 */
final class SourceState {

    private volatile SourceTemplate template;
    private volatile CronTurns cron;
    private volatile String etag;
    private volatile String lastModified;
    private volatile int consecutiveFailures;
    private volatile Instant notBefore;
    private volatile NewItemRhythm rhythm = NewItemRhythm.NONE;
    private volatile LatestItems latest = LatestItems.NONE;
    private volatile PostingModel posting = PostingModel.NONE;
    /** What the last document said (RSS ttl, skip hours...), kept over 304s; what the last answer's headers said. */
    private volatile ServerHints documentHints = ServerHints.NONE;
    private volatile ServerHints answerHints = ServerHints.NONE;
    /** The plan of the next poll of an adaptive source, or null. */
    private volatile PollPlan plan;
    private volatile Instant plannedFrom;
    private volatile boolean firstPlan;
    private volatile Duration wanted;
    private PushSubscriptions.Subscription push;
    private final SeenItems seen;
    /** What the state was when last handed over (or restored): a poll that leaves it so changed nothing to tell. */
    private HandedOver handedOver;
    /** When the last poll ended, and the poll time last handed over (or taken over). */
    private Instant lastPollEnded;
    private Instant handedOverPolledAt;

    // Guarded by this.
    private PollTimer.Turn next;
    private Instant nextDue;
    /** Numbers the scheduled turns: only the latest may start a poll (a cancelled one that fires anyway does not). */
    private long turn;
    private boolean polling;
    private boolean removed;
    private boolean deleted;
    /** When the last poll on this instance started, or null. */
    private Instant lastPollStarted;
    /** A poll was asked for while one ran: the next follows at once. */
    private boolean pollAgain;

    SourceState(SourceTemplate template, int seenCapacity) {
        this.template = template;
        this.cron = cronOf(template);
        this.seen = new SeenItems(seenCapacity);
    }

    SourceTemplate template() {
        return template;
    }

    /**
     * Replaces the template; validators are kept only while the URL stays the same. A changed
     * template is tried at its next turn whatever the old one's failures asked for.
     */
    void template(SourceTemplate update) {
        if (!update.url().equals(template.url())) {
            etag = null;
            lastModified = null;
        }
        if (!update.equals(template)) {
            notBefore = null;
        }
        this.cron = cronOf(update);
        this.template = update;
    }

    /** The parsed cron expression of the template, or null to poll at the interval. */
    CronTurns cron() {
        return cron;
    }

    /** The earliest time of the next poll set by backoff or Retry-After, or null. */
    Instant notBefore() {
        return notBefore;
    }

    void notBefore(Instant earliest) {
        this.notBefore = earliest;
    }

    private static CronTurns cronOf(SourceTemplate template) {
        // Parsed once, by the template parser; only the source's phase within the minute is added.
        return template.cron() == null ? null : CronTurns.of(template.id(), template.cron());
    }

    /**
     * Takes over what the previous owner knew: its validators (while the URL is still the same),
     * the items it sent, its failures and a backoff that still runs. Call before the first poll.
     */
    synchronized void restore(FetchState previous, Instant now) {
        if (Objects.equals(previous.url(), template.url().toString())) {
            validators(previous.etag(), previous.lastModified());
        }
        previous.seen().forEach(item -> seen.add(item.itemId(), item.fingerprint()));
        consecutiveFailures = previous.failures();
        if (previous.notBefore() != null && previous.notBefore().isAfter(now)) {
            notBefore = previous.notBefore();
        }
        rhythm = previous.rhythm();
        latest = previous.latest();
        posting = previous.posting();
        push = previous.push();
        handedOver = current();
        handedOverPolledAt = previous.lastPolledAt();
    }

    /**
     * The state to hand over if a poll changed it since it was last handed over or restored,
     * else null (a 304, or a poll that found nothing new, changes nothing); marks it handed over.
     *
     * @param seenLimit the most recently sent items it includes at most
     * @param polledAt  when the poll ended
     */
    synchronized FetchState changedState(int seenLimit, Instant polledAt) {
        lastPollEnded = polledAt;
        HandedOver now = current();
        if (now.equals(handedOver)) {
            return null;
        }
        return handOver(now, seenLimit, polledAt);
    }

    /**
     * The state to hand over when this owner lets the source go cleanly: as {@link #changedState},
     * but also when only the poll time moved since the last hand-over (polls that changed nothing),
     * so the next owner knows the last turn was polled and waits for the next one. Null if nothing
     * at all happened since.
     */
    synchronized FetchState finalState(int seenLimit) {
        HandedOver now = current();
        boolean polledSince = lastPollEnded != null && !lastPollEnded.equals(handedOverPolledAt);
        if (now.equals(handedOver) && !polledSince) {
            return null;
        }
        return handOver(now, seenLimit, lastPollEnded);
    }

    private FetchState handOver(HandedOver now, int seenLimit, Instant polledAt) {
        handedOver = now;
        handedOverPolledAt = polledAt;
        return new FetchState(now.url(), now.etag(), now.lastModified(), seen.latest(seenLimit), now.failures(),
                now.notBefore(), polledAt, now.rhythm(), now.latest(), now.posting(), now.push());
    }

    private HandedOver current() {
        return new HandedOver(template.url().toString(), etag, lastModified, consecutiveFailures, notBefore, seen.version(), rhythm, latest,
                posting, push);
    }

    /** The parts of the state a poll can change, with the seen items as their version. */
    private record HandedOver(String url, String etag, String lastModified, int failures, Instant notBefore, long seenVersion,
                              NewItemRhythm rhythm, LatestItems latest, PostingModel posting, PushSubscriptions.Subscription push) {
    }

    /** The source's WebSub subscription as it stands (handed over with the state); null for none. */
    synchronized void push(PushSubscriptions.Subscription subscription) {
        this.push = subscription;
    }

    /** The subscription the previous owner handed over, or the last one told; null for none. */
    synchronized PushSubscriptions.Subscription push() {
        return push;
    }

    SeenItems seen() {
        return seen;
    }

    String etag() {
        return etag;
    }

    String lastModified() {
        return lastModified;
    }

    void validators(String etag, String lastModified) {
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /** When the source last showed new items, and its usual gap between them. */
    NewItemRhythm rhythm() {
        return rhythm;
    }

    /** The items the source showed most recently. */
    LatestItems latest() {
        return latest;
    }

    /** A poll sent these new items. */
    void sent(List<LatestItems.Item> items) {
        latest = latest.with(items);
    }

    /** A poll that ended at {@code at} found new items. */
    void newItemsAt(Instant at) {
        rhythm = rhythm.newItemsAt(at);
    }

    /** What the source's polls showed of its posting so far. */
    PostingModel posting() {
        return posting;
    }

    /**
     * A poll that ended at {@code at} found new items published at these times (null where one
     * tells none); none at all, for a first poll that found only known items, starts the observation.
     */
    void posted(List<Instant> published, Instant at) {
        if (!published.isEmpty() || !posting.observed()) {
            posting = posting.found(published, at);
        }
    }

    /** The server's hints as its last answer and last document gave them. */
    ServerHints hints() {
        return documentHints.and(answerHints);
    }

    /**
     * What the last answer said about its freshness, and what the last document read said (null
     * after a 304, which keeps what the document said before).
     */
    void hints(ServerHints answer, ServerHints document) {
        answerHints = answer == null ? ServerHints.NONE : answer;
        if (document != null) {
            documentHints = document;
        }
    }

    /** The plan of the next poll of an adaptive source, or null when none was made. */
    PollPlan plan() {
        return plan;
    }

    /** When the wait of the last plan started (the turn of the poll it followed), or null. */
    Instant plannedFrom() {
        return plannedFrom;
    }

    void plan(PollPlan plan) {
        plan(plan, null);
    }

    /** @param from when its wait starts: the turn of the poll it follows */
    void plan(PollPlan plan, Instant from) {
        plan(plan, from, plan == null ? null : plan.interval());
    }

    /** @param wanted the interval planned before the site's request budget stretched it */
    void plan(PollPlan plan, Instant from, Duration wanted) {
        this.plan = plan;
        this.plannedFrom = plan == null ? null : from;
        this.wanted = plan == null ? null : wanted;
    }

    /** Whether the plan is the source's first on this instance, its poll put at the source's phase (see PollScheduler). */
    boolean firstPlan() {
        return firstPlan;
    }

    void firstPlan(boolean first) {
        this.firstPlan = first;
    }

    /** The interval the last plan wanted before the site's request budget stretched it; null without a plan. */
    Duration wantedInterval() {
        return wanted;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** @return the failures in a row after this outcome */
    int recordOutcome(boolean failed) {
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
        return consecutiveFailures;
    }

    /** A new turn number; the turns numbered before it can no longer start a poll. */
    synchronized long newTurn() {
        return ++turn;
    }

    synchronized void scheduled(PollTimer.Turn turn, Instant due) {
        this.next = turn;
        this.nextDue = due;
    }

    synchronized Instant nextDue() {
        return nextDue;
    }

    /** Cancels the pending turn; returns false when a poll is running (it reschedules itself when done). */
    synchronized boolean cancelPending() {
        if (next != null) {
            next.cancel();
            next = null;
        }
        turn++;
        return !polling;
    }

    /**
     * Starts a poll for turn {@code number} at {@code now}, unless the source is removed, a poll
     * runs, or a later turn replaced this one.
     */
    synchronized boolean startPolling(long number, Instant now) {
        if (removed || polling || number != turn) {
            return false;
        }
        polling = true;
        next = null;
        lastPollStarted = now;
        return true;
    }

    /** Whether a poll started on this instance at or after {@code at}. */
    synchronized boolean polledSince(Instant at) {
        return lastPollStarted != null && !lastPollStarted.isBefore(at);
    }

    /** Asks for another poll as soon as the one under way ends. */
    synchronized void pollAgain() {
        pollAgain = true;
    }

    /** Whether a poll was asked for while the last one ran (and clears it). */
    synchronized boolean takePollAgain() {
        boolean again = pollAgain;
        pollAgain = false;
        return again;
    }

    synchronized boolean polling() {
        return polling;
    }

    synchronized void finishPolling() {
        polling = false;
    }

    synchronized void markRemoved() {
        removed = true;
        cancelPending();
    }

    /** Removed because its template was deleted: a poll under way must not report its status after the deletion's. */
    synchronized void markDeleted() {
        deleted = true;
        markRemoved();
    }

    synchronized boolean deleted() {
        return deleted;
    }

    synchronized boolean removed() {
        return removed;
    }
}
