package io.realtimeminer.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.BasicAuthCredentials;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.push.PushKeys;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.control.alerting.Alert;
import io.realtimeminer.control.deadletters.DeadLetter;
import io.realtimeminer.control.deadletters.DeadLetterStage;
import io.realtimeminer.control.deadletters.DeadLetters;
import io.realtimeminer.control.kafka.KafkaUnavailableException;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API every instance serves (JSON; routes in docs/control-plane.md): health, instances,
 * sources with their state, status and last polls, changes to sources (by producing their
 * templates), and the metrics. With logins configured, every route but {@code /health} needs HTTP
 * basic authentication. Refused requests get a JSON error that says what to fix.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String REALM = "realtime-miner";
    /** Where the dashboard is served; {@code /} leads there. */
    public static final String DASHBOARD = "/dashboard";
    /** The most minutes GET /stats/items-per-minute answers. */
    private static final int MAX_MINUTES = 120;
    /** Told once per source (GET /sources/{id}'s latest_items), not in each status and poll. */
    private static final Set<String> LATEST_ITEMS = Set.of("latest_items");

    private final ClusterView view;
    private final SourceStates states;
    private final SourceCatalog catalog;
    private final AlertBoard alerts;
    private final TemplateCommands commands;
    private final FetchCommands fetches;
    private final DeadLetters deadLetters;
    private final SubscriptionPlanner imports;
    private final TemplatePreviewer previews;
    private final String instanceId;
    private final Map<String, HealthCheck> health;
    private final PrometheusMeterRegistry metrics;
    private final Map<String, String> users;
    private final Clock clock;
    private final VerifiedLogins verified = new VerifiedLogins();
    private final Javalin app;

    /**
     * @param alerts    the instance's alerts, which /alerts refreshes and /health reads
     * @param health    the instance's components by name, in the order /health lists them
     * @param users     login name to {@link PasswordHash}; empty leaves the API open
     */
    public ApiServer(ControlSettings settings, ClusterView view, SourceStates states, AlertBoard alerts, ApiActions actions,
                     Map<String, HealthCheck> health, PrometheusMeterRegistry metrics, Map<String, String> users, Clock clock) {
        this.view = view;
        this.states = states;
        this.catalog = new SourceCatalog(view, states);
        this.alerts = alerts;
        this.commands = actions.templates();
        this.fetches = actions.fetches();
        this.deadLetters = actions.deadLetters();
        this.imports = actions.imports();
        this.previews = actions.previews();
        this.instanceId = actions.instanceId();
        this.health = new LinkedHashMap<>(health);
        this.metrics = metrics;
        this.users = Map.copyOf(users);
        this.clock = clock;
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            settings.tls().ifPresent(tls -> config.jetty.addConnector((server, http) ->
                    HttpsConnector.of(server, http, tls, settings.host(), settings.port())));
            // The dashboard: static files that call the routes below (no build step, nothing to install).
            config.staticFiles.add(files -> {
                files.hostedPath = DASHBOARD;
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            config.routes.before(this::authenticate);
            config.routes.get("/", ctx -> ctx.redirect(DASHBOARD + "/"));
            config.routes.get("/health", this::health);
            config.routes.get("/health/ready", this::ready);
            config.routes.get("/instances", this::instances);
            config.routes.get("/alerts", this::alerts);
            config.routes.get("/sources", this::sources);
            config.routes.post("/sources:import", this::importList);
            config.routes.get("/sources/{id}", this::source);
            config.routes.put("/sources/{id}", ctx -> ctx.json(changed(this.commands.put(ctx.pathParam("id"), ctx.body()))));
            config.routes.delete("/sources/{id}", ctx -> {
                this.commands.delete(ctx.pathParam("id"));
                ctx.json(Map.of("id", ctx.pathParam("id"), "deleted", true));
            });
            config.routes.post("/sources/{id}/pause", ctx -> ctx.json(changed(this.commands.activate(ctx.pathParam("id"), false))));
            config.routes.post("/sources/{id}/resume", ctx -> ctx.json(changed(this.commands.activate(ctx.pathParam("id"), true))));
            config.routes.put("/sources/{id}/schedule", ctx -> ctx.json(changed(this.commands.schedule(ctx.pathParam("id"), ctx.body()))));
            config.routes.post("/sources/{id}/fetch", this::fetch);
            config.routes.post("/sources/{id}/preview", this::preview);
            config.routes.get("/stats/items-per-minute", this::itemsPerMinute);
            config.routes.get("/requests/{id}", this::request);
            config.routes.get("/dead-letters", this::deadLetterStages);
            config.routes.get("/dead-letters/{stage}", this::deadLettersOf);
            config.routes.post("/dead-letters/{stage}/replay", this::replay);
            config.routes.get(WebSubCallbacks.ROUTE, ctx -> actions.callbacks().verify(ctx));
            config.routes.post(WebSubCallbacks.ROUTE, ctx -> actions.callbacks().deliver(ctx));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.details()));
            config.routes.exception(KafkaUnavailableException.class, (e, ctx) -> error(ctx, 503, e.getMessage(), List.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error; the instance's log has the details", List.of());
            });
            config.routes.error(404, ctx -> {
                String answered = ctx.result();
                if (answered == null || !answered.startsWith("{")) {
                    error(ctx, 404, "no route " + ctx.method() + " " + ctx.path() + "; see docs/control-plane.md", List.of());
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), List.of()));
        });
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    /** The port it listens on (the chosen one when configured 0). */
    public int port() {
        return app.port();
    }

    private void authenticate(Context ctx) {
        // A WebSub callback is its own capability (checked by WebSubCallbacks): hubs have no login.
        if (users.isEmpty() || ctx.path().equals("/health") || ctx.path().equals("/health/ready")
                || ctx.path().startsWith(PushKeys.PATH + "/")) {
            return;
        }
        BasicAuthCredentials login = credentials(ctx);
        String hash = login == null ? null : users.get(login.getUsername());
        if (hash == null || !verified.matches(login.getUsername(), login.getPassword(), hash)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            throw new ApiException(401, login == null ? "this API needs HTTP basic authentication" : "wrong name or password");
        }
    }

    /** Who asks: this instance, and the login when the API has logins (then every request has passed one). */
    private String asker(Context ctx) {
        BasicAuthCredentials login = users.isEmpty() ? null : credentials(ctx);
        return login == null ? instanceId : instanceId + "/" + login.getUsername();
    }

    private static BasicAuthCredentials credentials(Context ctx) {
        try {
            return ctx.basicAuthCredentials();
        } catch (RuntimeException e) {
            // A malformed Authorization header is no login.
            return null;
        }
    }

    private static void error(Context ctx, int status, String message, List<Map<String, String>> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        ctx.status(status).json(body);
    }

    private Map<String, Object> healthReport() {
        List<Map<String, Object>> components = new ArrayList<>();
        boolean ready = true;
        Map<String, HealthCheck> all = new LinkedHashMap<>();
        all.put("cluster view", () -> view.isCaughtUp() ? Optional.empty() : Optional.of("still reading the topics"));
        all.putAll(health);
        for (Map.Entry<String, HealthCheck> check : all.entrySet()) {
            Optional<String> problem = check.getValue().problem();
            ready &= problem.isEmpty();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", check.getKey());
            line.put("ready", problem.isEmpty());
            problem.ifPresent(p -> line.put("problem", p));
            components.add(line);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", ready ? "ready" : "not ready");
        report.put("components", components);
        // Detail, not readiness: a failing source does not make this instance unready.
        report.put("open_alerts", Alerts.counts(alerts.latest()));
        return report;
    }

    /** Liveness: answers while the process serves requests, with a line per component. */
    private void health(Context ctx) {
        ctx.json(healthReport());
    }

    /** Readiness: 503 while a component is not ready. */
    private void ready(Context ctx) {
        Map<String, Object> report = healthReport();
        ctx.status("ready".equals(report.get("status")) ? 200 : 503).json(report);
    }

    private void instances(Context ctx) {
        Instant now = clock.instant();
        List<Map<String, Object>> list = view.instances().values().stream()
                .sorted(Comparator.comparing(InstanceStatus::getInstanceId))
                .map(instance -> {
                    Map<String, Object> json = AvroJson.of(instance);
                    json.put("alive", states.alive(instance, now));
                    json.put("heartbeat_age_ms", Duration.between(instance.getHeartbeatAt(), now).toMillis());
                    return json;
                }).toList();
        ctx.json(Map.of("instances", list));
    }

    private void alerts(Context ctx) {
        List<Alert> open = alerts.refresh();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counts", Alerts.counts(open));
        body.put("alerts", open);
        ctx.json(body);
    }

    /**
     * A subscription list (OPML body) as templates: each planned template published like a PUT,
     * unless {@code dry_run=true}; the answer lists what became of every subscription.
     */
    private void importList(Context ctx) {
        SubscriptionPlanner.Options options = new SubscriptionPlanner.Options(ctx.queryParam("interval"), ctx.queryParam("pool"),
                !"false".equals(ctx.queryParam("check")));
        boolean dryRun = "true".equals(ctx.queryParam("dry_run"));
        List<SubscriptionPlanner.Planned> planned = imports.plan(ctx.bodyAsBytes(), view.templates(), options);
        Map<String, Long> counts = new LinkedHashMap<>();
        List.of("added", "updated", "skipped", "refused").forEach(action -> counts.put(action, 0L));
        List<Map<String, Object>> results = new ArrayList<>();
        for (SubscriptionPlanner.Planned one : planned) {
            if (one.template() != null && !dryRun) {
                commands.put(one.sourceId(), one.template());
            }
            counts.merge(one.action(), 1L, Long::sum);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("action", one.action());
            row.put("title", one.title());
            row.put("address", one.address());
            row.put("source_id", one.sourceId());
            row.put("reason", one.reason());
            results.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dry_run", dryRun);
        body.put("counts", counts);
        body.put("results", results);
        ctx.json(body);
    }

    private void sources(Context ctx) {
        SourceQuery query = SourceQuery.of(ctx.queryParamMap());
        List<SourceSummary> matching = catalog.summaries(clock.instant()).stream().filter(query::accepts).sorted(query.order()).toList();
        List<SourceSummary> page = new Paging(query.offset(), query.limit()).of(matching);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", matching.size());
        body.put("offset", query.offset());
        body.put("limit", query.limit());
        body.put("sources", page);
        ctx.json(body);
    }

    private void source(Context ctx) {
        String id = ctx.pathParam("id");
        ClusterView.TemplateEntry entry = view.template(id).orElseThrow(() -> ApiException.notFound(id));
        SourceStatus status = view.status(id).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", catalog.summary(id, clock.instant()).orElseThrow(() -> ApiException.notFound(id)));
        body.put("template", ApiJson.tree(entry.json()));
        body.put("template_violations", entry.violations().stream()
                .map(v -> Map.of("path", v.path(), "reason", v.reason())).toList());
        body.put("status", status == null ? null : AvroJson.of(status, LATEST_ITEMS));
        body.put("latest_items", status == null ? List.of() : status.getLatestItems().stream().map(AvroJson::of).toList());
        body.put("recent_polls", view.recentPolls(id).stream().map(poll -> AvroJson.of(poll, LATEST_ITEMS)).toList());
        ctx.json(body);
    }

    /**
     * A template polled once without publishing it: 400 with every violation when the fetchers
     * would refuse it, else the items a poll would send now, the warnings, and why the source
     * could not be read (200 either way: the template is fine, the source may not be).
     */
    private void preview(Context ctx) {
        SourceTemplate template = commands.validate(ctx.pathParam("id"), ctx.body());
        TemplatePreviewer.Preview preview = previews.preview(template);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source_id", template.id());
        body.put("url", template.url().toString());
        body.put("kind", template.kind().wireName());
        body.put("error", preview.error());
        body.put("warnings", preview.warnings());
        body.put("items", preview.items().stream().map(AvroJson::of).toList());
        ctx.json(body);
    }

    /** New items per minute across the cluster, oldest first ({@code minutes}: 1 to 120, default 30). */
    private void itemsPerMinute(Context ctx) {
        String asked = ctx.queryParam("minutes");
        int minutes;
        try {
            minutes = asked == null ? 30 : Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            minutes = 0;
        }
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new ApiException(400, "minutes must be a whole number from 1 to " + MAX_MINUTES + ", not '" + asked + "'");
        }
        ctx.json(Map.of("minutes", view.itemRate().last(minutes, clock.instant()).stream()
                .map(minute -> Map.of("start", minute.start(), "items", minute.items())).toList()));
    }

    /** Fetch now: 202 with the request, which {@code GET /requests/{id}} follows. */
    private void fetch(Context ctx) {
        FetchRequests.FetchRequest request = fetches.fetch(ctx.pathParam("id"), asker(ctx));
        ctx.status(202).header("Location", "/requests/" + request.id())
                .json(requestJson(new FetchRequests.Answer(request, null), clock.instant()));
    }

    private void request(Context ctx) {
        String id = ctx.pathParam("id");
        FetchRequests.Answer answer = view.requests().find(id).orElseThrow(() -> new ApiException(404, "no request '" + id
                + "' (requests are kept " + FetchRequests.KEPT + " at most, and a day)"));
        ctx.json(requestJson(answer, clock.instant()));
    }

    private static Map<String, Object> requestJson(FetchRequests.Answer answer, Instant now) {
        FetchRequests.FetchRequest request = answer.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", request.id());
        body.put("source_id", request.sourceId());
        body.put("requested_at", request.requestedAt());
        body.put("requested_by", request.requestedBy());
        String state = answer.state(now);
        body.put("state", state);
        if ("expired".equals(state)) {
            body.put("problem", "no poll of '" + request.sourceId() + "' started within " + FetchRequests.EXPIRY.toMinutes()
                    + " min of the request: is an instance of its pool alive? (GET /sources/" + request.sourceId() + ")");
        }
        body.put("poll", answer.poll() == null ? null : AvroJson.of(answer.poll()));
        return body;
    }

    private void deadLetterStages(Context ctx) {
        ctx.json(Map.of("stages", deadLetters.stages().stream().map(stage -> Map.of("name", stage.name(), "topic", stage.topic(),
                "what_is_parked", stage.whatIsParked())).toList()));
    }

    private DeadLetterStage stage(Context ctx) {
        String name = ctx.pathParam("stage");
        return deadLetters.stage(name).orElseThrow(() -> new ApiException(404, "no stage '" + name + "'; known: "
                + String.join(", ", deadLetters.stages().stream().map(DeadLetterStage::name).toList())));
    }

    /** A stage's letters, newest first, with their reasons and last replay; paged. */
    private void deadLettersOf(Context ctx) {
        DeadLetterStage stage = stage(ctx);
        Paging paging = Paging.of(ctx.queryParamMap(), List.of("offset", "limit"));
        List<DeadLetters.Listed> letters = deadLetters.list(stage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stage", stage.name());
        body.put("topic", stage.topic());
        body.put("total", letters.size());
        body.put("offset", paging.offset());
        body.put("limit", paging.limit());
        body.put("letters", paging.of(letters).stream().map(listed -> {
            Map<String, Object> json = letterJson(listed.letter());
            json.put("last_replay", listed.lastReplay() == null ? null : AvroJson.of(listed.lastReplay()));
            return json;
        }).toList());
        ctx.json(body);
    }

    private static Map<String, Object> letterJson(DeadLetter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", letter.id());
        json.put("partition", letter.partition());
        json.put("offset", letter.offset());
        json.put("parked_at", letter.parkedAt());
        json.put("key", letter.key());
        json.put("reason", letter.reason());
        json.put("exception", letter.exception());
        if (letter.origin() != null) {
            Map<String, Object> origin = new LinkedHashMap<>();
            origin.put("topic", letter.origin().topic());
            origin.put("partition", letter.origin().partition());
            origin.put("offset", letter.origin().offset());
            json.put("origin", origin);
        } else {
            json.put("origin", null);
        }
        json.put("value_bytes", letter.valueBytes());
        json.put("value_text", letter.valueText());
        return json;
    }

    /** Replays {@code {"ids": [...]}}, or {@code {"all": true}} (those never replayed; with {@code "again": true} all). */
    private void replay(Context ctx) {
        DeadLetterStage stage = stage(ctx);
        ReplayRequest request = ReplayRequest.parse(ctx.body());
        DeadLetters.ReplayReport report = deadLetters.replay(stage, request.ids(), request.again(), asker(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", report.replayed().stream().map(AvroJson::of).toList());
        body.put("skipped", report.skipped());
        body.put("unknown", report.unknown());
        ctx.json(body);
    }

    private static Map<String, Object> changed(SourceTemplate template) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", template.id());
        body.put("active", template.active());
        body.put("pool", template.pool());
        body.put("interval", template.cron() == null ? template.interval().toString() : null);
        body.put("cron", template.cron() == null ? null : template.cron().expression());
        body.put("freshness", template.adaptive() ? template.freshness().target().toString() : null);
        return body;
    }

    @Override
    public void close() {
        app.stop();
    }
}
