package io.realtimeminer.control;

import io.javalin.http.Context;
import io.realtimeminer.push.HubSignature;
import io.realtimeminer.push.PushKeys;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The WebSub callbacks (W3C WebSub §5.3, §7), served by every instance's API under
 * {@code /websub/{source}/{generation}/{topic digest}/{token}} behind the public base URL. No
 * login: a callback is its own capability, made by {@link PushKeys} from the key every instance
 * shares, so any instance checks it without asking the source's owner. What a hub says is told to
 * the owner through the commands topic.
 * <ul>
 * <li><b>GET, intent verification.</b> {@code subscribe} is confirmed (the challenge echoed, as
 *     {@code text/plain} with {@code nosniff}) when the callback was made for that topic and the
 *     source exists and is active; {@code unsubscribe} when the callback was made for that topic
 *     and the source was deleted or paused (its owner only unsubscribes then); anything else is
 *     404. {@code denied} is taken (200) and told to the owner, which polls on.</li>
 * <li><b>POST, a notification.</b> Its {@code X-Hub-Signature} must sign the raw body with the
 *     subscription's secret (sha1, sha256, sha384 or sha512): a missing or wrong one is 403 and
 *     changes nothing. A signed one makes the owner poll the source at once (202). A deleted or
 *     paused source's callback answers 410 Gone, so the hub may drop it.</li>
 * </ul>
 */
public final class WebSubCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(WebSubCallbacks.class);
    /** The route, in Javalin's syntax. */
    public static final String ROUTE = PushKeys.PATH + "/{source}/{generation}/{digest}/{token}";
    private static final int MAX_CHALLENGE = 200;
    /** How long a verification waits for this instance to read the template change its owner acted on. */
    private static final Duration VIEW_WAIT = Duration.ofSeconds(3);

    /** Push off: every callback is 404. */
    public static final WebSubCallbacks OFF = new WebSubCallbacks(PushSettings.OFF, null, null);

    private final PushSettings settings;
    private final PushKeys keys;
    private final ClusterView view;
    private final FetchCommands owners;

    public WebSubCallbacks(PushSettings settings, ClusterView view, FetchCommands owners) {
        this.settings = settings;
        this.keys = new PushKeys(settings.key());
        this.view = view;
        this.owners = owners;
    }

    /** GET: the hub's intent verification, or its denial. */
    public void verify(Context ctx) {
        Optional<PushKeys.Callback> callback = callback(ctx);
        String mode = ctx.queryParam("hub.mode");
        String topic = ctx.queryParam("hub.topic");
        if (callback.isEmpty() || mode == null || !PushKeys.names(callback.get(), topic)) {
            notFound(ctx, "not a callback of this cluster for topic " + topic);
            return;
        }
        String sourceId = callback.get().sourceId();
        long generation = callback.get().generation();
        if (mode.equals("denied")) {
            LOG.warn("source {}: hub denied subscription {} to {}: {}", sourceId, generation, topic, ctx.queryParam("hub.reason"));
            owners.tell(sourceId, "push-denied", generation, 0);
            ctx.status(200).result("");
            return;
        }
        String challenge = ctx.queryParam("hub.challenge");
        if (!printable(challenge)) {
            notFound(ctx, "a challenge of 1 to " + MAX_CHALLENGE + " printable characters is needed");
            return;
        }
        boolean wanted = switch (mode) {
            // A hub may verify within the owner's request, before this instance read a template just published.
            case "subscribe" -> waitFor(() -> active(sourceId));
            case "unsubscribe" -> waitFor(() -> !active(sourceId));
            default -> false;
        };
        if (!wanted) {
            notFound(ctx, "source " + sourceId + " does not want to " + mode);
            return;
        }
        if (mode.equals("subscribe")) {
            long lease = leaseSeconds(ctx.queryParam("hub.lease_seconds"));
            owners.tell(sourceId, "push-verified", generation, lease);
            LOG.info("source {}: subscription {} to {} verified for {} s", sourceId, generation, topic, lease);
        } else {
            LOG.info("source {}: unsubscription {} from {} verified", sourceId, generation, topic);
        }
        ctx.status(200).header("X-Content-Type-Options", "nosniff").contentType("text/plain; charset=us-ascii").result(challenge);
    }

    /** POST: a notification (content distribution). */
    public void deliver(Context ctx) {
        Optional<PushKeys.Callback> callback = callback(ctx);
        if (callback.isEmpty() || !keys.authentic(callback.get())) {
            notFound(ctx, "not a callback of this cluster");
            return;
        }
        String sourceId = callback.get().sourceId();
        long generation = callback.get().generation();
        if (!active(sourceId)) {
            ctx.status(410).result("source " + sourceId + " is deleted or paused: unsubscribe");
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        if (!HubSignature.valid(ctx.header(HubSignature.HEADER), keys.secret(sourceId, generation), body)) {
            LOG.warn("source {}: a notification on subscription {} with {} signature was ignored", sourceId, generation,
                    ctx.header(HubSignature.HEADER) == null ? "no" : "a wrong");
            ctx.status(403).result("the " + HubSignature.HEADER + " header does not sign this body with the subscription's secret");
            return;
        }
        owners.tell(sourceId, "push", generation, 0);
        ctx.status(202).result("");
    }

    private Optional<PushKeys.Callback> callback(Context ctx) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        try {
            PushKeys.Callback callback = new PushKeys.Callback(ctx.pathParam("source"), Long.parseLong(ctx.pathParam("generation")),
                    ctx.pathParam("digest"), ctx.pathParam("token"));
            return keys.authentic(callback) ? Optional.of(callback) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean active(String sourceId) {
        SourceTemplate template = view.template(sourceId).map(ClusterView.TemplateEntry::template).orElse(null);
        return template != null && template.active();
    }

    private static boolean waitFor(BooleanSupplier condition) {
        long until = System.nanoTime() + VIEW_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private long leaseSeconds(String value) {
        try {
            long lease = value == null ? settings.lease().toSeconds() : Long.parseLong(value.strip());
            return lease > 0 ? lease : settings.lease().toSeconds();
        } catch (NumberFormatException e) {
            return settings.lease().toSeconds();
        }
    }

    private static boolean printable(String challenge) {
        if (challenge == null || challenge.isEmpty() || challenge.length() > MAX_CHALLENGE) {
            return false;
        }
        return challenge.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static void notFound(Context ctx, String why) {
        LOG.info("WebSub callback {} {}: 404, {}", ctx.method(), ctx.path(), why);
        ctx.status(404).result("");
    }
}
