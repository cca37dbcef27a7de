package io.realtimeminer.fetcher.push;

import io.realtimeminer.fetcher.command.PushEvents;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.push.PushKeys;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.template.SourceTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSub subscriptions of the sources this instance owns (W3C WebSub §5). A poll whose answer
 * names a hub subscribes its source: a new generation (a callback of its own), the derived
 * {@code hub.secret}, the configured lease. The hub then verifies the intent on the callback of
 * any instance, which tells this owner through the commands topic ({@link #verified}); from then on
 * the source is pushed, and polled only at the backup interval. A subscription is renewed at 80 %
 * of its granted lease (discovery first, as every poll runs it); one that failed is tried again
 * after a backoff that doubles up to a day; a denied one after a day. Deleting or pausing a source
 * unsubscribes it.
 */
public final class PushSubscriptions implements PushEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PushSubscriptions.class);
    /** How long a subscription request may wait for its verification before it counts as failed. */
    static final Duration VERIFY_WITHIN = Duration.ofMinutes(5);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofDays(1);
    /**
     * How long a request to a hub may take, its wait for a turn at the hub's site included: every
     * source of an instance that names one hub asks it at once (at start), and the site's request
     * budget lets them through a few a second (250 at 4 a second: a minute). Within {@link #VERIFY_WITHIN}.
     */
    private static final Duration REQUEST_DEADLINE = Duration.ofMinutes(4);

    /** Where a subscription stands. */
    public enum State {
        /** Asked of the hub, not verified yet. */
        REQUESTED,
        /** Verified: the hub pushes. */
        ACTIVE,
        /** The hub refused (an error answer, no verification in time) or denied it: polled normally until {@code retryAt}. */
        FAILED,
        /**
         * Verified, but the backup polls found more of the source's new items first than the hub's
         * notifications did: polled normally, subscribed again at {@code retryAt}.
         */
        DEMOTED;

        /** The name written in statuses: lower case. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One source's subscription.
     *
     * @param requestedAt when it was asked of the hub; once ACTIVE, when the hub verified it (a poll begun
     *                    before that found items no notification could have told of)
     * @param retryAt     when a FAILED or DEMOTED one is asked again, or an ACTIVE one renewed
     * @param failures    failed requests in a row
     * @param itemsPushed new items first found by a poll a notification made, since the subscription was verified
     * @param itemsPolled new items first found by a backup poll meanwhile (the hub missed or was late with them)
     */
    public record Subscription(Hub hub, long generation, State state, Instant requestedAt, Instant leaseUntil, Instant retryAt,
                               int failures, String error, long itemsPushed, long itemsPolled) {

        Subscription(Hub hub, long generation, State state, Instant requestedAt, Instant leaseUntil, Instant retryAt, int failures,
                     String error) {
            this(hub, generation, state, requestedAt, leaseUntil, retryAt, failures, error, 0, 0);
        }

        Subscription failed(String why, Instant now) {
            int n = failures + 1;
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(20, n - 1));
            return new Subscription(hub, generation, State.FAILED, requestedAt, null,
                    now.plus(wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait), n, why);
        }

        /** The share of the new items that the hub's notifications brought first; NaN before any. */
        public double pushShare() {
            long all = itemsPushed + itemsPolled;
            return all == 0 ? Double.NaN : itemsPushed / (double) all;
        }
    }

    /** New items found by backup polls before a hub is judged. */
    static final int JUDGED_AFTER = 3;
    /** A hub whose notifications brought fewer than this share of the new items is demoted. */
    static final double DEMOTED_BELOW = 0.5;
    /** How long after its notification a poll counts as made by it. */
    static final Duration PING_WINDOW = Duration.ofMinutes(1);

    /** Push off: nothing is subscribed, every source is polled. */
    public static final PushSubscriptions OFF = new PushSubscriptions(PushSettings.OFF, null, Clock.systemUTC());

    private final PushSettings settings;
    private final PushKeys keys;
    private final PageFetcher fetcher;
    private final Clock clock;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Notifications not yet followed by a poll, per source, oldest first (a few at most). */
    private final Map<String, java.util.Deque<Instant>> pings = new ConcurrentHashMap<>();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private volatile MeterRegistry meters;

    public PushSubscriptions(PushSettings settings, PageFetcher fetcher, Clock clock) {
        this.settings = settings;
        this.keys = new PushKeys(settings.key());
        this.fetcher = fetcher;
        this.clock = clock;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public Duration backupInterval() {
        return settings.backupInterval();
    }

    /** After a poll of {@code template} that answered a document: the hub it named, if any. Subscribes when due. */
    public void discovered(SourceTemplate template, Optional<Hub> hub) {
        if (!enabled() || hub.isEmpty() || !template.active()) {
            return;
        }
        Instant now = clock.instant();
        Subscription current = subscriptions.get(template.id());
        if (current != null && current.hub().equals(hub.get()) && !due(current, now)) {
            return;
        }
        subscribe(template.id(), hub.get(), current, now);
    }

    private static boolean due(Subscription subscription, Instant now) {
        return switch (subscription.state()) {
            case REQUESTED -> !now.isBefore(subscription.requestedAt().plus(VERIFY_WITHIN));
            case ACTIVE, FAILED, DEMOTED -> subscription.retryAt() != null && !now.isBefore(subscription.retryAt());
        };
    }

    private void subscribe(String sourceId, Hub hub, Subscription previous, Instant now) {
        if (previous != null && previous.state() == State.REQUESTED && previous.hub().equals(hub)) {
            // Never verified within VERIFY_WITHIN: the hub took it and stayed silent.
            previous = previous.failed("the hub did not verify the subscription within " + VERIFY_WITHIN.toMinutes() + " minutes", now);
            subscriptions.put(sourceId, previous);
            LOG.warn("source {}: {}; polled as usual, asked again after {}", sourceId, previous.error(), previous.retryAt());
            return;
        }
        long generation = Math.max(now.toEpochMilli(), previous == null ? 0 : previous.generation() + 1);
        int failures = previous == null || previous.state() != State.FAILED ? 0 : previous.failures();
        // Known before the hub is asked: a hub may verify within our request.
        Subscription requested = new Subscription(hub, generation, State.REQUESTED, now,
                previous != null && previous.state() == State.ACTIVE ? previous.leaseUntil() : null, null, failures, null);
        subscriptions.put(sourceId, requested);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.callback", keys.callback(settings.callbackBase(), sourceId, generation, hub.topic().toString()).toString());
        form.put("hub.mode", "subscribe");
        form.put("hub.topic", hub.topic().toString());
        form.put("hub.lease_seconds", Long.toString(settings.lease().toSeconds()));
        form.put("hub.secret", keys.secret(sourceId, generation));
        fetcher.fetch(FetchRequest.post(hub.hub(), form, REQUEST_DEADLINE)).whenComplete((response, error) -> {
            String why = error != null ? "subscription request to " + hub.hub() + " failed: " + error.getMessage()
                    : response.status() / 100 != 2 ? "hub " + hub.hub() + " answered the subscription request with HTTP " + response.status()
                    : null;
            if (why == null) {
                LOG.info("source {}: subscription {} asked of hub {} for topic {}", sourceId, generation, hub.hub(), hub.topic());
                return;
            }
            Subscription now2 = subscriptions.computeIfPresent(sourceId, (id, s) ->
                    s.generation() == generation && s.state() == State.REQUESTED ? s.failed(why, clock.instant()) : s);
            if (now2 != null && now2.generation() == generation && now2.state() == State.FAILED) {
                LOG.warn("source {}: {}; polled as usual, asked again after {}", sourceId, why, now2.retryAt());
            }
        });
    }

    /** A hub verified subscription {@code generation} of {@code sourceId} with {@code lease}; false when the source is not (yet) here. */
    @Override
    public boolean verified(String sourceId, long generation, Duration lease) {
        Instant now = clock.instant();
        Subscription updated = subscriptions.computeIfPresent(sourceId, (id, s) -> s.generation() != generation ? s
                : new Subscription(s.hub(), generation, State.ACTIVE, now, now.plus(lease),
                now.plus(Duration.ofMillis(lease.toMillis() * 8 / 10)), 0, null));
        if (updated != null && updated.generation() == generation) {
            LOG.info("source {}: hub {} verified subscription {} for {} s; polled every {} s as a backup", sourceId, updated.hub().hub(),
                    generation, lease.toSeconds(), settings.backupInterval().toSeconds());
        }
        return updated != null;
    }

    /** A hub denied subscription {@code generation} of {@code sourceId}: polled as usual, asked again after a day. */
    @Override
    public boolean denied(String sourceId, long generation, String reason) {
        Instant now = clock.instant();
        Subscription updated = subscriptions.computeIfPresent(sourceId, (id, s) -> s.generation() != generation ? s
                : new Subscription(s.hub(), generation, State.FAILED, s.requestedAt(), null, now.plus(LONGEST_RETRY), s.failures() + 1,
                "denied by the hub" + (reason == null || reason.isBlank() ? "" : ": " + reason)));
        return updated != null;
    }

    /** A hub notified {@code sourceId}'s callback: the poll it makes now counts for the hub. */
    @Override
    public void pinged(String sourceId) {
        Instant now = clock.instant();
        pings.compute(sourceId, (id, queue) -> {
            java.util.Deque<Instant> q = queue == null ? new java.util.ArrayDeque<>() : queue;
            q.addLast(now);
            while (q.size() > 16) {
                q.removeFirst();
            }
            return q;
        });
    }

    /**
     * A poll of {@code sourceId} that began at {@code started} found {@code itemsNew} new items:
     * counted for the hub when a notification made the poll, against it when a backup poll of a
     * pushed source found them first. A hub judged by at least {@link #JUDGED_AFTER} items
     * against it whose share falls below {@link #DEMOTED_BELOW} is demoted: the source is polled
     * normally, and subscribed again after a day.
     */
    public void polled(String sourceId, Instant started, int itemsNew) {
        // The notifications before this poll began are used up by it; one that came while it ran is for the poll after it.
        boolean[] madeByPing = new boolean[1];
        pings.computeIfPresent(sourceId, (id, queue) -> {
            while (!queue.isEmpty() && !queue.peekFirst().isAfter(started)) {
                madeByPing[0] |= !queue.removeFirst().isBefore(started.minus(PING_WINDOW));
            }
            return queue.isEmpty() ? null : queue;
        });
        if (itemsNew <= 0) {
            return;
        }
        boolean byPush = madeByPing[0];
        Subscription updated = subscriptions.computeIfPresent(sourceId, (id, s) -> {
            if (s.state() != State.ACTIVE || !started.isAfter(s.requestedAt())) {
                // Not the hub's to bring: it was not pushing yet when this poll began (the poll that asked for the
                // subscription, say, whose backlog reaches this count after a hub that verifies at once).
                return s;
            }
            long pushed = s.itemsPushed() + (byPush ? itemsNew : 0);
            long polled = s.itemsPolled() + (byPush ? 0 : itemsNew);
            Subscription counted = new Subscription(s.hub(), s.generation(), s.state(), s.requestedAt(), s.leaseUntil(), s.retryAt(),
                    s.failures(), s.error(), pushed, polled);
            if (polled >= JUDGED_AFTER && counted.pushShare() < DEMOTED_BELOW) {
                String why = String.format(java.util.Locale.ROOT, "hub %s brought %d of %d new items first; demoted to polling", s.hub().hub(),
                        pushed, pushed + polled);
                LOG.warn("source {}: {} until {}", sourceId, why, clock.instant().plus(LONGEST_RETRY));
                return new Subscription(s.hub(), s.generation(), State.DEMOTED, s.requestedAt(), s.leaseUntil(),
                        clock.instant().plus(LONGEST_RETRY), 0, why, pushed, polled);
            }
            return counted;
        });
        if (updated != null && meters != null) {
            items.computeIfAbsent(byPush ? "push" : "poll", via -> Counter.builder("miner.push.items")
                    .description("New items of sources subscribed to a WebSub hub, by what found them first: a poll a notification made, or a backup poll")
                    .tag("via", via).register(meters)).increment(itemsNew);
        }
    }

    /** Publishes the subscriptions' meters: {@code miner_push_sources{state}} and {@code miner_push_items_total{via}}. */
    public void bind(MeterRegistry registry) {
        this.meters = registry;
        for (State state : State.values()) {
            Gauge.builder("miner.push.sources", subscriptions, all -> all.values().stream().filter(s -> s.state() == state).count())
                    .description("Sources of this instance by the state of their WebSub subscription").tag("state", state.wireName())
                    .register(registry);
        }
    }

    /** Whether a hub pushes {@code sourceId} now (verified, lease running): its next poll may wait the backup interval. */
    public boolean pushed(String sourceId) {
        Subscription subscription = subscriptions.get(sourceId);
        return subscription != null && subscription.state() == State.ACTIVE && subscription.leaseUntil() != null
                && clock.instant().isBefore(subscription.leaseUntil());
    }

    public Optional<Subscription> subscription(String sourceId) {
        return Optional.ofNullable(subscriptions.get(sourceId));
    }

    /**
     * What the source's previous owner handed over: its subscription goes on here (same callback and
     * secret, so the hub's notifications and renewals need nothing new), unless this instance
     * already knows one.
     */
    public void restore(String sourceId, Subscription previous) {
        if (previous != null && enabled()) {
            subscriptions.putIfAbsent(sourceId, previous);
        }
    }

    /** The source moved to another owner: forgotten here (the hub keeps pushing until its lease ends; the callback stays valid). */
    public void forget(String sourceId) {
        subscriptions.remove(sourceId);
        pings.remove(sourceId);
    }

    /** The source was deleted or paused: its subscription, if any, is ended at its hub. */
    public void unsubscribe(String sourceId) {
        Subscription subscription = subscriptions.remove(sourceId);
        pings.remove(sourceId);
        if (subscription == null || !enabled()) {
            return;
        }
        Hub hub = subscription.hub();
        Map<String, String> form = new LinkedHashMap<>();
        URI callback = keys.callback(settings.callbackBase(), sourceId, subscription.generation(), hub.topic().toString());
        form.put("hub.callback", callback.toString());
        form.put("hub.mode", "unsubscribe");
        form.put("hub.topic", hub.topic().toString());
        fetcher.fetch(FetchRequest.post(hub.hub(), form, REQUEST_DEADLINE)).whenComplete((response, error) -> {
            if (error != null || response.status() / 100 != 2) {
                LOG.warn("source {}: unsubscribing from hub {} failed ({}); the hub pushes until the lease ends, and the callback answers"
                        + " 410 Gone", sourceId, hub.hub(), error != null ? error.getMessage() : "HTTP " + response.status());
            } else {
                LOG.info("source {}: unsubscription asked of hub {}", sourceId, hub.hub());
            }
        });
    }
}
