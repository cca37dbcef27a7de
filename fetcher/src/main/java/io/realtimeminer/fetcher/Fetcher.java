package io.realtimeminer.fetcher;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.realtimeminer.fetcher.command.CommandConsumer;
import io.realtimeminer.fetcher.details.DetailFetcher;
import io.realtimeminer.fetcher.details.DetailSettings;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.emit.KafkaItemSink;
import io.realtimeminer.fetcher.extract.Extractors;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.metrics.PollMetrics;
import io.realtimeminer.fetcher.parse.BudgetedParsePool;
import io.realtimeminer.fetcher.pools.PoolHeartbeatReader;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.pools.PoolLiveness;
import io.realtimeminer.fetcher.schedule.FetchStateListener;
import io.realtimeminer.fetcher.schedule.PollListener;
import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.PollStats;
import io.realtimeminer.fetcher.schedule.PollTimer;
import io.realtimeminer.fetcher.schedule.SourceStatusListener;
import io.realtimeminer.fetcher.sites.SiteAllowance;
import io.realtimeminer.fetcher.sites.SiteShares;
import io.realtimeminer.fetcher.state.FetchStateJournal;
import io.realtimeminer.fetcher.status.SourceStatusPublisher;
import io.realtimeminer.fetcher.state.FetchStateStore;
import io.realtimeminer.fetcher.state.KafkaFetchStateStore;
import io.realtimeminer.fetcher.template.TemplateConsumer;
import io.realtimeminer.fetcher.template.TemplateDeadLetters;
import io.realtimeminer.health.InstanceHealth;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.RegistryAccess;
import io.realtimeminer.status.InstanceAnnouncer;
import io.realtimeminer.status.InstanceFacts;
import io.realtimeminer.status.StatusSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One fetcher instance: a member of the fetchers' group that polls the sources it owns, and
 * (unless {@code details.enabled} is false) a detail fetcher reading the pages of new items.
 */
public final class Fetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    private final String instanceId = "fetcher-" + UUID.randomUUID().toString().substring(0, 8);
    private final PageFetcher pages;
    private final SiteShares shares;
    private final ItemSink sink;
    private final BudgetedParsePool parsePool;
    private final PollScheduler scheduler;
    private final FetchStateStore stateStore;
    private final TemplateDeadLetters deadLetters;
    private final TemplateConsumer templates;
    private final Thread templateThread;
    private final PoolHeartbeatReader heartbeats;
    private final Thread heartbeatThread;
    private final CommandConsumer commands;
    private final Thread commandThread;
    private final DetailFetcher details;
    private final Thread detailThread;
    private final InstanceHealth health = new InstanceHealth();
    private final SourceStatusPublisher status;
    private final InstanceAnnouncer announcer;
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();

    public Fetcher(FetcherConfig config, PollListener listener) {
        this(config, listener, InstanceContext.standalone());
    }

    /**
     * @param listener told every poll (besides the instance's metrics)
     * @param context  how the instance publishes its status, its meters and its API's URL
     */
    public Fetcher(FetcherConfig config, PollListener listener, InstanceContext context) {
        // A login the registry refuses would fail every send: say so now, before any client starts.
        RegistryAccess.requireLogin(config.registryUrl());
        StatusSettings statusSettings = context.status();
        // Each site's request budget is shared with the other fetchers through the heartbeats (without them, this one takes it all).
        this.shares = new SiteShares(config.httpSettings().siteRequestsPerSecond(), instanceId, statusSettings.instanceTimeout(),
                Clock.systemUTC());
        this.pages = new AsyncHttpPageFetcher(config.httpSettings(), shares);
        PushSubscriptions push = new PushSubscriptions(config.pushSettings(), pages, Clock.systemUTC());
        KafkaClients clients = config.kafkaClients();
        KafkaItemSink items = new KafkaItemSink(clients, config.registryUrl(), instanceId + "-items");
        this.sink = items;
        this.parsePool = new BudgetedParsePool(config.parseThreads(), config.parseBudget(), 2 * config.parseThreads(), health::failed);
        this.stateStore = config.fetchStateEnabled()
                ? new KafkaFetchStateStore(clients, config.registryUrl(), instanceId + "-state")
                : FetchStateStore.none();
        FetchStateJournal journal = config.fetchStateEnabled()
                ? new FetchStateJournal(stateStore, config.fetchStateTimeout()) : FetchStateJournal.disabled();
        this.status = statusSettings.enabled()
                ? new SourceStatusPublisher(clients, config.registryUrl(), instanceId, config.pool()) : null;
        PollMetrics metrics = new PollMetrics(context.metrics(), config.pool());
        this.scheduler = new PollScheduler(pages, Extractors.byKind(), sink, parsePool,
                result -> {
                    listener.onPoll(result);
                    metrics.onPoll(result);
                }, config.seenIdsPerSource(), Clock.systemUTC(), config.pollPolicy(),
                config.fetchStateEnabled() ? journal : FetchStateListener.NONE, config.fetchStateSeenIds(),
                PollTimer.daemonThread("poll-scheduler"), status == null ? SourceStatusListener.NONE : status,
                shares.limited() ? shares : SiteAllowance.NONE, push);
        metrics.watch(scheduler);
        push.bind(context.metrics());
        this.announcer = statusSettings.enabled() ? new InstanceAnnouncer(clients, config.registryUrl(),
                new InstanceAnnouncer.Identity(instanceId, "fetcher", config.pool(), context.apiUrl()), statusSettings.heartbeat(),
                this::facts) : null;
        this.deadLetters = new TemplateDeadLetters(new KafkaProducer<>(clients.producer(instanceId + "-dlq"),
                new StringSerializer(), new StringSerializer()));
        Map<String, Object> templateConsumer = clients.consumer(config.groupId(), instanceId + "-templates");
        templateConsumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        templateConsumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        templateConsumer.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        KafkaConsumer<String, String> templateReader = new KafkaConsumer<>(templateConsumer, new StringDeserializer(),
                new StringDeserializer());
        // Sources that name several pools go to the first whose fetchers are alive, as the heartbeats on miner.instances
        // tell; without heartbeats (status.enabled=false) nobody could tell, and each source stays with its first pool.
        PoolLiveness liveness = new PoolLiveness(statusSettings.instanceTimeout(), config.poolFailover(), Instant.now());
        this.heartbeats = statusSettings.enabled() ? new PoolHeartbeatReader(clients, config.registryUrl(), instanceId + "-pools", liveness,
                shares)
                : null;
        this.heartbeatThread = heartbeats == null ? null : health.thread(instanceId + "-pools", heartbeats);
        this.templates = new TemplateConsumer(templateReader, config.templateParser(), scheduler, deadLetters, config.pool(), journal,
                heartbeats == null ? TemplateConsumer.PoolRouting.FIRST_ONLY
                        : (template, self) -> liveness.polledBy(template.pools(), self, Instant.now()));
        // The Kafka clients of the hot path: the items' producer and the templates' consumer (its group's lag and rebalances).
        clientMetrics.add(items.clientMetrics());
        clientMetrics.add(new KafkaClientMetrics(templateReader));
        clientMetrics.forEach(binder -> binder.bindTo(context.metrics()));
        this.templateThread = health.thread(instanceId + "-templates", templates);
        this.commands = new CommandConsumer(clients, config.registryUrl(), instanceId + "-commands", templates::ownedPartitions,
                scheduler::pollNow, push);
        this.commandThread = health.thread(instanceId + "-commands", commands);
        DetailSettings detailSettings = config.detailSettings();
        this.details = detailSettings.enabled() ? DetailFetcher.create(detailSettings, clients, config.registryUrl(),
                instanceId + "-details", pages, parsePool) : null;
        this.detailThread = details == null ? null : health.thread(instanceId + "-details", details);
    }

    public Fetcher start() {
        if (announcer != null) {
            announcer.start();
        }
        if (heartbeatThread != null) {
            heartbeatThread.start();
        }
        templateThread.start();
        commandThread.start();
        if (detailThread != null) {
            detailThread.start();
        }
        LOG.info("{} started", instanceId);
        return this;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Why this instance can no longer do its work (a component thread died, the HTTP engine
     * stopped), or empty while it is healthy. A failed instance should exit, so that its
     * sources move to the other instances of its pool.
     */
    public Optional<String> failure() {
        return health.failure().or(pages::failure);
    }

    /** Schedule lag, the last poll of every source and counters: what the HTTP API shows. */
    public PollStats pollStats() {
        return scheduler.stats();
    }

    private InstanceFacts facts() {
        PollStats stats = scheduler.stats();
        long polls = 0;
        for (PollResult.Outcome outcome : PollResult.Outcome.values()) {
            polls += stats.polls(outcome);
        }
        if (shares.limited()) {
            shares.planned(scheduler.wantedPollsBySite());
        }
        return new InstanceFacts(scheduler.sourceIds().size(), polls, stats.lag().p99().toMillis(), shares.measure());
    }

    /** Ids of the sources this instance polls now. */
    public Set<String> sourceIds() {
        return scheduler.sourceIds();
    }

    /** What the detail fetcher of this instance did so far; empty when it runs none. */
    public Optional<DetailFetcher.Stats> detailStats() {
        return Optional.ofNullable(details).map(DetailFetcher::stats);
    }

    @Override
    public void close() {
        if (details != null) {
            // Before the fetch engine closes: its fetches under way end, and their offsets are committed.
            details.close();
            try {
                detailThread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        commands.close();
        templates.close();
        if (heartbeats != null) {
            heartbeats.close();
        }
        try {
            commandThread.join(5_000);
            templateThread.join(15_000);
            if (heartbeatThread != null) {
                heartbeatThread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        if (status != null) {
            status.close();
        }
        if (announcer != null) {
            // Last: a clean stop's tombstone, once the sources are let go.
            announcer.close();
        }
        pages.close();
        parsePool.close();
        clientMetrics.forEach(KafkaClientMetrics::close);
        sink.close();
        stateStore.close();
        deadLetters.close();
        LOG.info("{} stopped", instanceId);
    }
}
