package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmHub;
import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmTemplates;
import io.realtimeminer.bench.farm.HostileSites;
import io.realtimeminer.control.ControlSettings;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.schedule.PollPolicy;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.launcher.InstanceProcess;
import io.realtimeminer.launcher.MinerConfig;
import io.realtimeminer.launcher.Pipeline;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.stack.EmbeddedPostgres;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.stack.StartListener;
import io.realtimeminer.template.SourceTemplate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One freshness run: starts the stack, the pipeline (without an in-process fetcher), the farm and
 * the fetcher JVMs, publishes the farm's templates, kills and adds instances as asked, waits out
 * the warm-up, the window and the drain, then joins PostgreSQL's rows with the farm's ledger.
 */
final class FreshnessBench {

    static final String REPORT_FILE = "freshness.json";
    static final String CHART_FILE = "freshness.png";
    static final String COMPARE_CHART_FILE = "freshness-compare.png";
    private static final int STATS_EVERY_S = 5;
    /** The longest a comparison waits for the arms' backlogs to be stored before its warm-up starts. */
    private static final Duration BACKLOG_WAIT = Duration.ofSeconds(180);
    /** Backlog items still missing after this long without one more stored will not be. */
    private static final Duration BACKLOG_QUIET = Duration.ofSeconds(5);

    private final BenchSettings settings;
    private final PrintStream out;
    private final List<InstanceProcess> instances = Collections.synchronizedList(new ArrayList<>());
    private final List<FreshnessReport.Event> events = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant start;
    private StackEndpoints endpoints;
    /** With a hub in the farm: the API port of the instance the hub's callbacks reach, and the push key of every push instance. */
    private final int pushPort;
    private final String pushKey;
    private volatile boolean pushCallbacksServed;

    FreshnessBench(BenchSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.pushPort = settings.farm().pushShare() > 0 ? freePort() : 0;
        this.pushKey = pushPort > 0 ? newPushKey() : null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the API that takes the hub's callbacks", e);
        }
    }

    private static String newPushKey() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** Whether the instances of {@code pool} subscribe to the farm's hub: all with a hub, but only the adaptive arm in a comparison. */
    private boolean pushes(String pool) {
        return pushPort > 0 && (settings.compare() == null ? pool == null : Comparison.ADAPTIVE_POOL.equals(pool));
    }

    /** The pool whose fetchers subscribe to the farm's hub. */
    private String pushPool() {
        return settings.compare() == null ? SourceTemplate.DEFAULT_POOL : Comparison.ADAPTIVE_POOL;
    }

    FreshnessReport run() throws Exception {
        Files.createDirectories(settings.out());
        Map<String, Object> config = new HashMap<>(settings.stack());
        config.put(MinerConfig.DATA_DIR, settings.dataDir().toAbsolutePath().toString());
        config.put(MinerConfig.IN_PROCESS_FETCHER, "false");
        ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedStack stack = new EmbeddedStack(); ProcessSampler sampler = new ProcessSampler(2_000)) {
            out.println("Starting the stack in " + settings.dataDir() + " ...");
            endpoints = stack.start(new StackConfig(config), StartListener.silent());
            sampler.track("bench JVM (Kafka, Connect, topologies)", ProcessHandle.current().pid());
            try (Pipeline pipeline = Pipeline.start(config, endpoints, r -> { });
                 FarmProcess farm = FarmProcess.start(settings.farm(), "512m")) {
                if (!pipeline.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("the topologies did not start within 120 s");
                }
                sampler.track("farm", farm.pid());
                Set<Long> ownPids = Collections.synchronizedSet(new java.util.HashSet<>(List.of(farm.pid())));
                sampler.track("registry (child JVM)", () -> ProcessHandle.current().descendants()
                        .map(ProcessHandle::pid).filter(pid -> !ownPids.contains(pid)).toList());
                // Not a descendant: pg_ctl detaches the server. Its backends are its children.
                Path postgresData = settings.dataDir().resolve("postgres");
                sampler.track("PostgreSQL (server and backends)", () -> EmbeddedPostgres.serverProcess(postgresData)
                        .map(server -> Stream.concat(Stream.of(server), server.descendants()).map(ProcessHandle::pid).toList())
                        .orElse(List.of()));
                StoredItems stored = new StoredItems(endpoints);
                start = Instant.now();
                Comparison compare = settings.compare();
                startInstance(sampler, ownPids, "started", compare == null ? null : Comparison.FIXED_POOL);
                publishTemplates(farm);
                out.printf("%,d templates published; the warm-up ends at %d s, the window at %d s%s%n", settings.farm().sources(),
                        settings.warmup().toSeconds(), settings.windowEnd().toSeconds(), compare == null ? "" : " after both arms' backlogs are stored");
                awaitFirstRow(stored);
                // The first instance registered the schemas: the others start clean (see the registry's concurrent first registrations).
                for (int i = 2; i <= settings.fetchers(); i++) {
                    startInstance(sampler, ownPids, "started", compare == null ? null : Comparison.FIXED_POOL);
                }
                for (int i = 1; compare != null && i <= settings.fetchers(); i++) {
                    startInstance(sampler, ownPids, "started", Comparison.ADAPTIVE_POOL);
                }
                schedule(timeline, settings.killAt(), () -> {
                    InstanceProcess victim = instances.get(0);
                    victim.kill();
                    events.add(new FreshnessReport.Event(sinceStart(), "killed", victim.name()));
                    out.printf("t+%.0f s: %s killed (SIGKILL)%n", sinceStart(), victim.name());
                });
                schedule(timeline, settings.addAt(), () -> startInstance(sampler, ownPids, "added", null));
                // A comparison's arms are measured after both warmed up: the adaptive one starts once the fixed one stored a
                // row, and its first polls (every backlog, their items' pages) must not fall in the window it is judged by.
                Instant warmFrom = start;
                if (compare != null) {
                    awaitBacklogs(stored, farm);
                    warmFrom = Instant.now();
                }
                Instant windowStart = warmFrom.plus(settings.warmup());
                Instant windowEnd = warmFrom.plus(settings.windowEnd());
                progressUntil(windowStart, stored);
                Map<String, FarmProcess.Requests> requestsBefore = farm.requests();
                progressUntil(windowEnd, stored);
                Map<String, FarmProcess.Requests> requestsAfter = farm.requests();
                Instant hostileStart = warmFrom.plus(settings.hostileWindowStart());
                Instant lastEnd = warmFrom.plus(settings.lastWindowEnd());
                boolean hostile = settings.hostileSources() > 0;
                if (hostile) {
                    publishHostile(farm);
                    progressUntil(lastEnd, stored);
                }

                Map<String, FarmProcess.Posting> ledger = farm.ledger();
                List<FarmProcess.Posting> inWindow = ledger.values().stream().filter(p -> !p.backlog()
                        && (within(p, windowStart, windowEnd) || hostile && within(p, hostileStart, lastEnd))).toList();
                Instant drainStart = Instant.now();
                Map<String, StoredItems.Row> rows = drain(stored, inWindow, windowStart, drainStart.plus(settings.drainMax()));
                double drainS = Duration.between(drainStart, Instant.now()).toMillis() / 1000.0;
                rows = stored.discoveredSince(start);
                timeline.shutdownNow();
                for (InstanceProcess instance : List.copyOf(instances)) {
                    instance.close();
                }
                out.println("Measuring...");
                List<FreshnessReport.ProcessUsage> usage = sampler.usage(windowStart.toEpochMilli(), windowEnd.toEpochMilli());
                List<FreshnessReport.Arm> arms = compare == null ? List.of()
                        : arms(compare, farm, inWindow, rows, requestsBefore, requestsAfter, stored.planReasons());
                FreshnessReport.Push push = pushPort == 0 ? null : push(farm, inWindow, windowStart, windowEnd, rows, stored.pushStates());
                FreshnessReport report = measure(ledger, rows, windowStart, windowEnd, hostileStart, lastEnd, drainS, stored.duplicateRows(),
                        stored.itemsNewDuplicates(Duration.ofSeconds(120)), usage, arms, push);
                report.writeJson(settings.out().resolve(REPORT_FILE));
                FreshnessChart.write(report, settings.out().resolve(CHART_FILE));
                if (!arms.isEmpty()) {
                    FreshnessChart.writeComparison(report, settings.out().resolve(COMPARE_CHART_FILE));
                }
                return report;
            }
        } finally {
            timeline.shutdownNow();
            for (InstanceProcess instance : List.copyOf(instances)) {
                instance.close();
            }
        }
    }

    private double sinceStart() {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    /** Starts a fetcher JVM; in a comparison, one of {@code pool}'s ({@code pool-1}, {@code pool-2}...). */
    private void startInstance(ProcessSampler sampler, Set<Long> ownPids, String what, String pool) {
        String name = pool == null ? "instance-" + (instances.size() + 1)
                : pool + "-" + (instances.stream().filter(i -> i.name().startsWith(pool + "-")).count() + 1);
        try {
            InstanceProcess instance = InstanceProcess.start(name, List.of("-Xmx" + settings.fetcherHeap(), "-XX:+UseSerialGC"),
                    fetcherArguments(name, pool), output(name));
            ownPids.add(instance.pid());
            instances.add(instance);
            sampler.track(name, instance.pid());
            events.add(new FreshnessReport.Event(sinceStart(), what, name));
            out.printf("t+%.0f s: %s %s (pid %d)%n", sinceStart(), name, what, instance.pid());
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    private List<String> fetcherArguments(String name, String pool) {
        List<String> args = new ArrayList<>(List.of("fetcher", "--data-dir", settings.dataDir().toAbsolutePath().toString(),
                "--stats-every", Integer.toString(STATS_EVERY_S),
                // Kafka, its login and the registry: those of the stack on this data dir.
                "-D", FetcherConfig.HTTP_USER_AGENT + "=" + name,
                "-D", FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES + "=true"));
        if (pool != null) {
            args.addAll(List.of("-D", FetcherConfig.POOL + "=" + pool));
        }
        if (pushes(pool)) {
            // Every push instance subscribes with callbacks under the first one's API (any instance's API takes any callback).
            args.addAll(List.of("-D", PushSettings.CALLBACK_BASE_URL + "=http://127.0.0.1:" + pushPort, "-D", PushSettings.KEY + "=" + pushKey));
            if (!pushCallbacksServed) {
                pushCallbacksServed = true;
                args.addAll(List.of("-D", ControlSettings.ENABLED + "=true", "-D", ControlSettings.PORT + "=" + pushPort));
            }
        }
        if (Comparison.ADAPTIVE_POOL.equals(pool)) {
            // The shortest interval the twins may ask for is the comparison's, below the fetchers' default minimum if need be.
            args.addAll(List.of("-D", PollPolicy.POLL_BUDGET_SETTING + "="
                    + settings.compare().budgetPerInstance(settings.farm(), settings.fetchers()),
                    "-D", FetcherConfig.MIN_INTERVAL_MS + "=" + settings.compare().minInterval().toMillis()));
        }
        settings.stack().forEach((k, v) -> {
            args.add("-D");
            args.add(k + "=" + v);
        });
        return args;
    }

    private Path output(String instance) {
        return settings.out().resolve("instances").resolve(instance + ".out").toAbsolutePath();
    }

    private static boolean within(FarmProcess.Posting posting, Instant from, Instant to) {
        return !posting.postedAt().isBefore(from) && posting.postedAt().isBefore(to);
    }

    /** Adds the hostile sources: every behaviour of {@link HostileSites} in turn, polled at the farm's interval. */
    private void publishHostile(FarmProcess farm) throws Exception {
        int count = settings.hostileSources();
        Map<String, Object> producerSettings = endpoints.kafkaClients().producer("bench-hostile-templates");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer())) {
            for (int n = 0; n < count; n++) {
                producer.send(new ProducerRecord<>(Topics.TEMPLATES, HostileSites.sourceId(n),
                        HostileSites.templateJson(farm.hostilePort(), n, settings.farm().interval().toSeconds())));
            }
            producer.flush();
        }
        events.add(new FreshnessReport.Event(sinceStart(), "added " + count + " hostile sources", "hostile"));
        out.printf("t+%.0f s: %d hostile sources added; the second window runs %d-%d s%n", sinceStart(), count,
                settings.hostileWindowStart().toSeconds(), settings.lastWindowEnd().toSeconds());
    }

    private void publishTemplates(FarmProcess farm) throws Exception {
        FarmTemplates templates = new FarmTemplates(farm.layout());
        Comparison compare = settings.compare();
        Map<String, Object> producerSettings = endpoints.kafkaClients().producer("bench-templates");
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int n = 0; n < settings.farm().sources(); n++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.TEMPLATES, FarmTemplates.sourceId(n), compare == null ? templates.json(n) : compare.template(templates, farm.layout(), n))));
            }
            for (var future : sent) {
                future.get();
            }
        }
    }

    private void awaitFirstRow(StoredItems stored) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (stored.farmRows() == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no farm item reached PostgreSQL within 120 s: see " + output(instances.get(0).name()));
            }
            Thread.sleep(500);
        }
        out.printf("t+%.0f s: the first items are in PostgreSQL%n", sinceStart());
    }

    /**
     * Waits until the arms' backlogs (what the farm listed before it began to post) are stored:
     * every such item, or, once each source has some stored, as many as will be (an item pushed off its
     * list by newer ones before the first poll never is) when no more came in {@link #BACKLOG_QUIET};
     * at most {@link #BACKLOG_WAIT}.
     * On a loaded machine that takes longer, and one arm's backlog pages in the window would count
     * against it.
     */
    private void awaitBacklogs(StoredItems stored, FarmProcess farm) throws Exception {
        Map<String, Set<String>> bySource = farm.ledger().values().stream().filter(FarmProcess.Posting::backlog)
                .collect(Collectors.groupingBy(FarmProcess.Posting::sourceId,
                        Collectors.mapping(p -> FarmProcess.key(p.sourceId(), p.url()), Collectors.toSet())));
        Set<String> backlog = bySource.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        Instant deadline = Instant.now().plus(BACKLOG_WAIT);
        long lastMissing = -1;
        Instant lastChange = Instant.now();
        while (true) {
            Map<String, StoredItems.Row> rows = stored.discoveredSince(start);
            long missing = backlog.stream().filter(key -> !rows.containsKey(key)).count();
            Instant now = Instant.now();
            if (missing != lastMissing) {
                lastMissing = missing;
                lastChange = now;
            }
            boolean everySource = bySource.values().stream().allMatch(keys -> keys.stream().anyMatch(rows::containsKey));
            boolean quiet = everySource && !now.isBefore(lastChange.plus(BACKLOG_QUIET));
            if (missing == 0 || quiet || now.isAfter(deadline)) {
                out.printf("t+%.0f s: %,d of the %,d backlog items stored%s; the warm-up starts%n", sinceStart(), backlog.size() - missing,
                        backlog.size(), missing == 0 ? "" : quiet ? " (no more came in " + BACKLOG_QUIET.toSeconds() + " s)"
                                : " (waited " + BACKLOG_WAIT.toSeconds() + " s)");
                return;
            }
            Thread.sleep(1_000);
        }
    }

    private void schedule(ScheduledExecutorService timeline, Duration at, Checked action) {
        if (at == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), start.plus(at)).toMillis());
        timeline.schedule(() -> {
            try {
                action.run();
            } catch (Exception e) {
                out.println("timeline action failed: " + e);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private interface Checked {
        void run() throws Exception;
    }

    private void progressUntil(Instant until, StoredItems stored) throws Exception {
        while (Instant.now().isBefore(until)) {
            Thread.sleep(Math.min(15_000, Math.max(1, Duration.between(Instant.now(), until).toMillis())));
            out.printf("t+%.0f s: %,d farm items in PostgreSQL%n", sinceStart(), stored.farmRows());
        }
    }

    /** Waits until every item posted in the window is stored, or the drain's end. */
    private Map<String, StoredItems.Row> drain(StoredItems stored, List<FarmProcess.Posting> inWindow, Instant windowStart, Instant until)
            throws Exception {
        out.printf("Window over: %,d items were posted in it; waiting for them to be stored (at most %d s)...%n",
                inWindow.size(), settings.drainMax().toSeconds());
        Instant nextPrint = Instant.now().plusSeconds(15);
        while (true) {
            Map<String, StoredItems.Row> rows = stored.discoveredSince(windowStart);
            long missing = inWindow.stream().filter(p -> !rows.containsKey(FarmProcess.key(p.sourceId(), p.url()))).count();
            if (missing == 0 || Instant.now().isAfter(until)) {
                return rows;
            }
            if (Instant.now().isAfter(nextPrint)) {
                out.printf("t+%.0f s: %,d of them not stored yet%n", sinceStart(), missing);
                nextPrint = nextPrint.plusSeconds(15);
            }
            Thread.sleep(2_000);
        }
    }

    private FreshnessReport measure(Map<String, FarmProcess.Posting> ledger, Map<String, StoredItems.Row> rows, Instant windowStart,
                                    Instant windowEnd, Instant hostileStart, Instant lastEnd, double drainS, long duplicates,
                                    long itemsNewDuplicates, List<FreshnessReport.ProcessUsage> usage, List<FreshnessReport.Arm> arms,
                                    FreshnessReport.Push push)
            throws Exception {
        List<Long> freshness = new ArrayList<>();
        List<Long> pipeline = new ArrayList<>();
        List<Long> detection = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        long posted = 0;
        long bucketMs = settings.bucket().toMillis();
        Map<Long, List<Long>> perBucket = new java.util.TreeMap<>();
        Map<Long, Long> missedPerBucket = new HashMap<>();
        for (FarmProcess.Posting p : ledger.values()) {
            if (p.backlog() || p.postedAt().isBefore(start) || !p.postedAt().isBefore(lastEnd)) {
                continue;
            }
            boolean measured = within(p, windowStart, windowEnd);
            long bucket = Duration.between(start, p.postedAt()).toMillis() / bucketMs;
            perBucket.computeIfAbsent(bucket, b -> new ArrayList<>());
            StoredItems.Row row = rows.get(FarmProcess.key(p.sourceId(), p.url()));
            if (measured) {
                posted++;
            }
            if (row == null) {
                if (measured) {
                    missed.add(p.sourceId() + " " + p.url() + " posted " + p.postedAt());
                    missedPerBucket.merge(bucket, 1L, Long::sum);
                }
                continue;
            }
            long fresh = Duration.between(p.postedAt(), row.storedAt()).toMillis();
            perBucket.get(bucket).add(fresh);
            if (measured) {
                freshness.add(fresh);
                pipeline.add(Duration.between(row.discoveredAt(), row.storedAt()).toMillis());
                detection.add(Duration.between(p.postedAt(), row.discoveredAt()).toMillis());
            }
        }
        List<FreshnessReport.Bucket> buckets = new ArrayList<>();
        perBucket.forEach((b, values) -> {
            Percentiles pct = Percentiles.ofMillis(values.stream().mapToLong(Long::longValue).toArray());
            buckets.add(new FreshnessReport.Bucket(b * bucketMs / 1000.0, pct.count(), pct.p50(), pct.p95(), pct.p99(),
                    missedPerBucket.getOrDefault(b, 0L)));
        });
        List<List<FetcherStatsLog.Line>> stats = new ArrayList<>();
        for (InstanceProcess instance : List.copyOf(instances)) {
            stats.add(FetcherStatsLog.read(output(instance.name())));
        }
        double scheduled = settings.compare() == null ? settings.farm().sources() / (double) settings.farm().interval().toSeconds()
                : Comparison.fixedPollsPerSecond(settings.farm()) * (1 + settings.compare().budgetShare());
        FreshnessReport.Polls polls = FetcherStatsLog.summarize(stats, windowStart.toEpochMilli(), windowEnd.toEpochMilli(), scheduled);
        Collections.sort(missed);
        Percentiles without = pct(freshness);
        FreshnessReport.Hostile hostile = settings.hostileSources() == 0 ? null
                : beside(ledger, rows, hostileStart, lastEnd, without, FetcherStatsLog.summarize(stats, hostileStart.toEpochMilli(),
                        lastEnd.toEpochMilli(), scheduled + settings.hostileSources() / (double) settings.farm().interval().toSeconds()));
        return new FreshnessReport(config(), start.toString(), Duration.between(start, windowStart).toSeconds(),
                Duration.between(start, windowEnd).toSeconds(), drainS,
                posted, freshness.size(), missed.size(), duplicates, itemsNewDuplicates, without, pct(pipeline), pct(detection),
                polls, usage, buckets, List.copyOf(events), missed.stream().limit(20).collect(Collectors.toList()), hostile, arms, push);
    }

    /** The items of the sources behind the farm's hub, in the pool that subscribes, posted in the window. */
    private FreshnessReport.Push push(FarmProcess farm, List<FarmProcess.Posting> inWindow, Instant windowStart, Instant windowEnd,
                                      Map<String, StoredItems.Row> rows, Map<String, String> pushStates) throws Exception {
        FarmLayout layout = farm.layout();
        String pool = pushPool();
        IntPredicate ours = n -> layout.pushed(n)
                && (settings.compare() == null || Comparison.pool(layout, n).equals(pool));
        List<Long> freshness = new ArrayList<>();
        List<Long> detection = new ArrayList<>();
        long posted = 0;
        for (FarmProcess.Posting p : inWindow) {
            if (!ours.test(FarmLayout.index(p.sourceId())) || !within(p, windowStart, windowEnd)) {
                continue;
            }
            posted++;
            StoredItems.Row row = rows.get(FarmProcess.key(p.sourceId(), p.url()));
            if (row != null) {
                freshness.add(Duration.between(p.postedAt(), row.storedAt()).toMillis());
                detection.add(Duration.between(p.postedAt(), row.discoveredAt()).toMillis());
            }
        }
        int sources = (int) IntStream.range(0, layout.sources()).filter(ours).count();
        int active = (int) IntStream.range(0, layout.sources()).filter(ours)
                .filter(n -> "active".equals(pushStates.get(FarmLayout.sourceId(n)))).count();
        FarmHub.Counts hub = farm.hub();
        return new FreshnessReport.Push(pool, sources, active, posted, freshness.size(), posted - freshness.size(), pct(freshness),
                pct(detection), hub.subscribed(), hub.delivered(), hub.deliveryFailed());
    }

    /** The two arms of a comparison, each over the window. */
    private List<FreshnessReport.Arm> arms(Comparison compare, FarmProcess farm, List<FarmProcess.Posting> inWindow,
                                           Map<String, StoredItems.Row> rows, Map<String, FarmProcess.Requests> requestsBefore,
                                           Map<String, FarmProcess.Requests> requestsAfter, Map<String, String> planReasons) {
        double windowSeconds = settings.duration().toMillis() / 1000.0;
        var farmSettings = settings.farm();
        int instances = settings.fetchers();
        return List.of(
                ArmMeasure.measure(Comparison.FIXED_POOL, compare.policy(Comparison.FIXED_POOL, farmSettings, instances), farm.layout(),
                        inWindow, rows, requestsBefore, requestsAfter, windowSeconds, farmSettings.interval(), farmSettings.latencyP99(),
                        planReasons),
                ArmMeasure.measure(Comparison.ADAPTIVE_POOL, compare.policy(Comparison.ADAPTIVE_POOL, farmSettings, instances),
                        farm.layout(), inWindow, rows, requestsBefore, requestsAfter, windowSeconds, compare.target(),
                        farmSettings.latencyP99(), planReasons));
    }

    /** Freshness of the well-behaved items posted in the second window, beside the hostile sources. */
    private FreshnessReport.Hostile beside(Map<String, FarmProcess.Posting> ledger, Map<String, StoredItems.Row> rows, Instant from,
                                           Instant to, Percentiles without, FreshnessReport.Polls polls) {
        List<Long> freshness = new ArrayList<>();
        long posted = 0;
        for (FarmProcess.Posting p : ledger.values()) {
            if (p.backlog() || !within(p, from, to)) {
                continue;
            }
            posted++;
            StoredItems.Row row = rows.get(FarmProcess.key(p.sourceId(), p.url()));
            if (row != null) {
                freshness.add(Duration.between(p.postedAt(), row.storedAt()).toMillis());
            }
        }
        Percentiles with = pct(freshness);
        int count = settings.hostileSources();
        List<String> behaviours = IntStream.range(0, Math.min(count, HostileSites.Behaviour.values().length))
                .mapToObj(n -> HostileSites.behaviour(n).path()).toList();
        return new FreshnessReport.Hostile(count, settings.hostileShare(), behaviours, settings.windowEnd().toSeconds(),
                settings.hostileWindowStart().toSeconds(), settings.lastWindowEnd().toSeconds(), posted, freshness.size(),
                posted - freshness.size(), with, polls, without.p99() == 0 ? 0 : with.p99() / without.p99());
    }

    private static Percentiles pct(List<Long> millis) {
        return Percentiles.ofMillis(millis.stream().mapToLong(Long::longValue).toArray());
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        var farm = settings.farm();
        c.put("sources", farm.sources());
        c.put("kinds", farm.mix().entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue()).collect(Collectors.joining(",")));
        c.put("intervalS", farm.interval().toSeconds());
        c.put("itemEveryS", farm.itemEvery().toMillis() / 1000.0);
        c.put("arrivals", farm.arrivals().name());
        c.put("keep", farm.keepLatest());
        c.put("latencyMedianMs", farm.latencyMedian().toMillis());
        c.put("latencyP99Ms", farm.latencyP99().toMillis());
        c.put("errorRate", farm.errorRate());
        c.put("hosts", farm.hosts());
        c.put("fetchers", settings.fetchers());
        c.put("warmupS", settings.warmup().toSeconds());
        c.put("durationS", settings.duration().toSeconds());
        c.put("killAtS", settings.killAt() == null ? null : settings.killAt().toSeconds());
        c.put("addAtS", settings.addAt() == null ? null : settings.addAt().toSeconds());
        c.put("hostileShare", settings.hostileShare());
        c.put("rateSpread", farm.rateSpread());
        c.put("copies", farm.copies());
        c.put("pushShare", farm.pushShare());
        // The fetchers' request budget per site (cluster-wide), as their settings give it: what no site may get more of.
        c.put("siteBudgetPerSecond", new FetcherConfig(settings.stack()).httpSettings().siteRequestsPerSecond());
        Comparison compare = settings.compare();
        if (compare != null) {
            c.put("compareTargetS", compare.target().toSeconds());
            c.put("compareMinIntervalS", compare.minInterval().toSeconds());
            c.put("compareMaxIntervalS", compare.maxInterval().toSeconds());
            c.put("compareBudgetShare", compare.budgetShare());
        }
        c.put("cores", Runtime.getRuntime().availableProcessors());
        c.put("externalSettings", settings.stack().keySet());
        return c;
    }
}
