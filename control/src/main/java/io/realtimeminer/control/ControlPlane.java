package io.realtimeminer.control;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.control.alerting.Alert;
import io.realtimeminer.control.alerting.AlertChanges;
import io.realtimeminer.control.alerting.AlertPoster;
import io.realtimeminer.control.alerting.AlertWebhook;
import io.realtimeminer.control.alerting.AlertWebhookSettings;
import io.realtimeminer.control.deadletters.DeadLetter;
import io.realtimeminer.control.deadletters.DeadLetterStage;
import io.realtimeminer.control.deadletters.DeadLetterTopics;
import io.realtimeminer.control.deadletters.DeadLetters;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.status.InstanceAnnouncer;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.status.StatusSettings;
import io.realtimeminer.template.TemplateParser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control plane of one instance: it reads the cluster's templates, statuses and heartbeats
 * ({@link ClusterViewReader}), serves the HTTP API ({@link ApiServer}), holds the instance's
 * metrics registry, to which the instance adds its own meters before {@link #start}, and, when
 * this instance is the cluster's {@link AlertPoster}, posts alert changes to the webhook.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final ControlSettings settings;
    private final String instanceId;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ClusterView view;
    private final ClusterViewReader reader;
    private final Thread readerThread;
    private final TemplateCommands commands;
    private final FetchCommands fetches;
    private final DeadLetterTopics deadLetterTopics;
    private final DeadLetters deadLetters;
    private final SourceStates states;
    private final AlertBoard alerts;
    private final AlertWebhook webhook;
    private final AlertChanges changes = new AlertChanges();
    private final Map<String, HealthCheck> health = new LinkedHashMap<>();
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private ApiServer server;
    private SubscriptionPlanner imports = SubscriptionPlanner.NONE;
    private TemplatePreviewer previews = TemplatePreviewer.NONE;
    private PushSettings push = PushSettings.OFF;

    /**
     * @param instanceId the instance's id, for its Kafka clients' ids
     * @param stages     the stages whose dead letters the API lists and replays
     */
    public ControlPlane(ControlSettings settings, StatusSettings status, AlertWebhookSettings webhook, KafkaClients clients,
                        String registryUrl, TemplateParser parser, String instanceId, List<DeadLetterStage> stages) {
        this.instanceId = instanceId;
        this.settings = settings;
        new ClassLoaderMetrics().bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        gc.bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        this.view = new ClusterView(parser);
        this.reader = new ClusterViewReader(clients, registryUrl, instanceId + "-view", view);
        this.readerThread = new Thread(reader, instanceId + "-view");
        readerThread.setDaemon(true);
        this.commands = new TemplateCommands(clients, instanceId + "-api", parser, view);
        this.fetches = new FetchCommands(clients, registryUrl, instanceId, view);
        this.deadLetterTopics = new DeadLetterTopics(clients, registryUrl, instanceId);
        this.deadLetters = new DeadLetters(stages, deadLetterTopics, this::refuseReplay, Clock.systemUTC());
        this.states = new SourceStates(settings, status.instanceTimeout());
        this.alerts = new AlertBoard(new Alerts(view, states, settings, status.instanceTimeout()), Clock.systemUTC());
        this.webhook = webhook.url().isPresent() ? new AlertWebhook(webhook, instanceId, metrics, Clock.systemUTC()) : null;
    }

    /** The registry /metrics serves; the instance adds its meters (polls, streams) to it. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Binds the meters of one of the instance's parts (e.g. its Kafka clients' metrics) to its registry; closed with the plane. */
    public ControlPlane bind(MeterBinder binder) {
        binder.bindTo(metrics);
        if (binder instanceof AutoCloseable closeable) {
            binders.add(closeable);
        }
        return this;
    }

    /** How POST /sources:import plans a subscription list (before {@link #start}); without it, the route answers 501. */
    public ControlPlane imports(SubscriptionPlanner planner) {
        this.imports = planner;
        return this;
    }

    /** How POST /sources/{id}/preview polls a template (before {@link #start}); without it, the route answers 501. */
    public ControlPlane previews(TemplatePreviewer previewer) {
        this.previews = previewer;
        return this;
    }

    /** Serve the WebSub callbacks of these settings (before {@link #start}); push off by default. */
    public ControlPlane push(PushSettings settings) {
        this.push = settings;
        return this;
    }

    /** Adds a component to /health (before {@link #start}). */
    public ControlPlane health(String component, HealthCheck check) {
        health.put(component, check);
        return this;
    }

    public ClusterView view() {
        return view;
    }

    /** Starts reading the topics, refreshing the cluster's gauges and, when the API is enabled, serving it. */
    public ControlPlane start() {
        readerThread.start();
        ClusterMeters meters = new ClusterMeters(new SourceCatalog(view, states), Clock.systemUTC(), metrics);
        String host = InstanceAnnouncer.hostName();
        long pid = ProcessHandle.current().pid();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                List<Alert> open = alerts.refresh();
                meters.refresh(open);
                if (webhook != null && view.isCaughtUp()) {
                    postChanges(open, host, pid);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not refresh the cluster gauges and alerts: {}", e.toString());
            }
        }, 1, 5, TimeUnit.SECONDS);
        if (settings.enabled()) {
            ApiActions actions = new ApiActions(instanceId, commands, fetches, deadLetters, imports, previews,
                    push.enabled() ? new WebSubCallbacks(push, view, fetches) : WebSubCallbacks.OFF);
            server = new ApiServer(settings, view, states, alerts, actions, health, metrics, users(settings), Clock.systemUTC()).start();
        }
        return this;
    }

    /** Tells the webhook what opened and resolved since the last look, when this process is the one that tells. */
    private void postChanges(List<Alert> open, String host, long pid) {
        Instant now = Instant.now();
        List<InstanceStatus> live = view.instances().values().stream().filter(i -> states.alive(i, now)).toList();
        if (AlertPoster.isThisProcess(live, host, pid)) {
            webhook.post(changes.next(open));
        } else {
            changes.forget();
        }
    }

    /** Where the API answers, e.g. http://127.0.0.1:41733; null when it is disabled. */
    public String url() {
        if (server == null) {
            return null;
        }
        String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
        return (settings.tls().isPresent() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.port();
    }

    /**
     * A refused template is replayed only while it is still its source's latest version: replaying
     * it after a newer one (or the source's deletion) would undo that.
     */
    private Optional<String> refuseReplay(DeadLetterStage stage, DeadLetter letter, byte[] value) {
        if (letter.origin() == null || !Topics.TEMPLATES.equals(letter.origin().topic()) || letter.key() == null) {
            return Optional.empty();
        }
        String current = view.template(letter.key()).map(ClusterView.TemplateEntry::json).orElse(null);
        if (current == null) {
            return Optional.of("source '" + letter.key() + "' was deleted since; PUT /sources/" + letter.key() + " creates it again");
        }
        if (value == null || !current.equals(new String(value, StandardCharsets.UTF_8))) {
            return Optional.of("a newer version of template '" + letter.key() + "' was published since; replaying this one would"
                    + " replace it (GET /sources/" + letter.key() + ")");
        }
        return Optional.empty();
    }

    /** {@code name:hash} entries as a map; a malformed one is refused at start, naming the setting. */
    static Map<String, String> users(ControlSettings settings) {
        Map<String, String> users = new HashMap<>();
        for (String entry : settings.users()) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).strip();
            String hash = colon < 0 ? "" : entry.substring(colon + 1).strip();
            if (name.isEmpty() || !PasswordHash.wellFormed(hash)) {
                throw new IllegalArgumentException(ControlSettings.USERS + ": each login must be name:hash with a hash from"
                        + " 'bin/miner api-password' (entry " + (users.size() + 1) + " is not)");
            }
            users.put(name, hash);
        }
        return users;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        if (webhook != null) {
            webhook.close();
        }
        if (server != null) {
            server.close();
        }
        reader.close();
        try {
            readerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.close();
        fetches.close();
        deadLetterTopics.close();
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("could not close a meter binder: {}", e.toString());
            }
        }
        gc.close();
        metrics.close();
    }
}
