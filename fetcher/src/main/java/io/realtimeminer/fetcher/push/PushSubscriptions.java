package io.realtimeminer.fetcher.push;

import io.realtimeminer.fetcher.command.PushEvents;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.push.PushKeys;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.template.SourceTemplate;
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
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(30);

    /** Where a subscription stands. */
    public enum State {
        /** Asked of the hub, not verified yet. */
        REQUESTED,
        /** Verified: the hub pushes. */
        ACTIVE,
        /** The hub refused (an error answer, no verification in time) or denied it: polled normally until {@code retryAt}. */
        FAILED
    }

    /**
     * One source's subscription.
     *
     * @param retryAt  when a FAILED one is asked again, or an ACTIVE one renewed
     * @param failures failed requests in a row
     */
    public record Subscription(Hub hub, long generation, State state, Instant requestedAt, Instant leaseUntil, Instant retryAt,
                               int failures, String error) {

        Subscription failed(String why, Instant now) {
            int n = failures + 1;
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(20, n - 1));
            return new Subscription(hub, generation, State.FAILED, requestedAt, null,
                    now.plus(wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait), n, why);
        }
    }

    /** Push off: nothing is subscribed, every source is polled. */
    public static final PushSubscriptions OFF = new PushSubscriptions(PushSettings.OFF, null, Clock.systemUTC());

    private final PushSettings settings;
    private final PushKeys keys;
    private final PageFetcher fetcher;
    private final Clock clock;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

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
            case ACTIVE, FAILED -> subscription.retryAt() != null && !now.isBefore(subscription.retryAt());
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
                : new Subscription(s.hub(), generation, State.ACTIVE, s.requestedAt(), now.plus(lease),
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

    /** Whether a hub pushes {@code sourceId} now (verified, lease running): its next poll may wait the backup interval. */
    public boolean pushed(String sourceId) {
        Subscription subscription = subscriptions.get(sourceId);
        return subscription != null && subscription.state() == State.ACTIVE && subscription.leaseUntil() != null
                && clock.instant().isBefore(subscription.leaseUntil());
    }

    public Optional<Subscription> subscription(String sourceId) {
        return Optional.ofNullable(subscriptions.get(sourceId));
    }

    /** The source moved to another owner: forgotten here (the hub keeps pushing until its lease ends; the callback stays valid). */
    public void forget(String sourceId) {
        subscriptions.remove(sourceId);
    }

    /** The source was deleted or paused: its subscription, if any, is ended at its hub. */
    public void unsubscribe(String sourceId) {
        Subscription subscription = subscriptions.remove(sourceId);
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
