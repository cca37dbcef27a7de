package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.stack.EmbeddedPostgres;
import io.realtimeminer.stack.EmbeddedRegistry;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.ProjectFiles;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process of the pipeline killed with SIGKILL starts again on the first try, on the same data,
 * and nothing is lost or stored twice. {@code miner up} runs in a JVM of its own on one data dir
 * while a local site keeps posting stories; each step kills one process mid-posting ({@code miner up}
 * itself, an added {@code miner fetcher}, an added {@code miner topology}) and starts it again at
 * once, as a supervisor would. The new process must print its ready line, then keep running
 * without an {@code error:} line (the launcher's exit on a component failure); a restarted
 * {@code miner up} must store the first story posted after it is up within 60 s (the issue's
 * target); and PostgreSQL must then hold exactly the stories posted so far, every one once
 * (checked on its rows). One stack for all steps (its start dominates); they run in order and each
 * checks everything posted since the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final Duration POST_EVERY = Duration.ofMillis(1_500);
    /** From the start of {@code miner up} to its "Everything is up" line (generous: 2 cores, five servers, a new JVM). */
    private static final Duration STACK_START = Duration.ofSeconds(180);
    /** From the start of {@code miner fetcher} or {@code miner topology} to its ready line, or to its first poll. */
    private static final Duration JOIN = Duration.ofSeconds(120);
    /** From the last story posted to its row (as in FaultsIT). */
    private static final Duration CATCH_UP = Duration.ofSeconds(150);
    /** The target: a restarted {@code miner up} stores new items within this from its "Everything is up". */
    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(60);
    /**
     * How long the site keeps posting while {@code miner up} is down. A feed shows its last 50
     * stories: posting all through a slow restart would push stories off the feeds before any
     * fetcher could see them (lost by the site, not by the pipeline). 30 s is 20 stories a feed.
     */
    private static final Duration OUTAGE_POSTING = Duration.ofSeconds(30);
    /** How long a restarted topology instance must stay up after its ready line. */
    private static final Duration STAYS_UP = Duration.ofSeconds(20);

    private static final String UP_READY = "Everything is up";
    private static final String FETCHER_READY = "joined pool";
    private static final String TOPOLOGY_READY = "Topologies joined";

    /** A process started by this test: its {@code miner} subcommand in a JVM of its own, its stdout and stderr in {@code output}. */
    private record Child(String name, InstanceProcess process, Path output, Instant startedAt) {
    }

    private Path dataDir;
    private Map<String, Object> settings;
    private List<String> feeds;
    private StackEndpoints endpoints;
    private DemoSite site;
    private PostedStories stories;
    private Child up;
    private final List<Child> children = new ArrayList<>();
    private final AtomicBoolean posting = new AtomicBoolean();
    private final ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
    private final Instant began = Instant.now();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        this.dataDir = dataDir;
        settings = RunningPipeline.forLocalSite(dataDir);
        feeds = feedsOnEveryPartition(Integer.parseInt(String.valueOf(settings.get(MinerConfig.TEMPLATES_PARTITIONS))));
        site = new DemoSite(Clock.systemUTC());
        feeds.forEach(site::feed);

        up = startUp(1);
        awaitLine(up, UP_READY, STACK_START, "miner up starts on a new data dir");
        endpoints = recordedEndpoints();
        log("endpoints of " + up.name() + ": " + endpoints);
        stories = new PostedStories(() -> endpoints, site, () -> feeds, posting, POST_EVERY, CATCH_UP, this::log);
        try (TemplatePublisher templates = new TemplatePublisher(endpoints.kafkaClients())) {
            for (String feed : feeds) {
                templates.put(feed, "{\"name\":\"Feed " + feed + "\",\"url\":\"" + site.url(feed) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}");
            }
        }
        poster.scheduleAtFixedRate(() -> {
            if (posting.get()) {
                feeds.forEach(site::post);
            }
        }, 0, POST_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log("miner up running, " + feeds.size() + " feeds " + feeds + " published");

        posting.set(true);
        Thread.sleep(6_000);
        stories.assertEachStoredOnce("after the first start", () -> diagnostics(up));
        assertHealthy(up, "after the first start");
    }

    @AfterAll
    void stop() {
        poster.shutdownNow();
        for (int i = children.size() - 1; i >= 0; i--) {
            Child child = children.get(i);
            try {
                child.process().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log("could not stop " + child.name() + ": " + e);
            }
        }
        if (dataDir != null) {
            // A miner up that did not stop within close()'s grace, or a step that failed between a kill
            // and the restart, leaves PostgreSQL and the registry running on the data dir.
            try {
                EmbeddedPostgres.stopOrphan(dataDir.resolve("postgres"), Duration.ofSeconds(30));
                EmbeddedRegistry.stopOrphan(dataDir.resolve("registry"));
            } catch (RuntimeException e) {
                log("could not stop the servers left on " + dataDir + ": " + e);
            }
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void aKilledMinerUpRestartsOnTheFirstTryAndLosesNothing() throws Exception {
        posting.set(true);
        Thread.sleep(5_000);
        Child killed = up;
        killed.process().kill();
        Instant killedAt = Instant.now();
        log("SIGKILL to " + killed.name() + " (pid " + killed.process().pid() + "); the site keeps posting");
        // Runs on the poster's thread, as does the resumption below: the two never cross.
        ScheduledFuture<?> pause = poster.schedule(() -> {
            if (posting.getAndSet(false)) {
                log("posting paused: miner up has been down for " + OUTAGE_POSTING.toSeconds() + " s");
            }
        }, OUTAGE_POSTING.toMillis(), TimeUnit.MILLISECONDS);

        up = startUp(2);
        Instant readyAt = awaitLine(up, UP_READY, STACK_START, "the restarted miner up is up on the first try");
        poster.submit(() -> {
            pause.cancel(false);
            posting.set(true);
        }).get();
        long postedWhileDown = feeds.stream().flatMap(f -> site.stories(f).stream())
                .filter(s -> !s.postedAt().isBefore(killedAt) && s.postedAt().isBefore(readyAt)).count();
        log(String.format("%s is up %.1f s after the SIGKILL (%.1f s after its start); %d stories were posted meanwhile",
                up.name(), seconds(killedAt, readyAt), seconds(up.startedAt(), readyAt), postedWhileDown));
        if (output(up).contains("warning: the topologies are not running yet")) {
            log(up.name() + " warned that its topologies were not running yet when it said it was up");
        }
        StackEndpoints before = endpoints;
        endpoints = recordedEndpoints();
        assertThat(endpoints.bootstrapServers()).as("the restarted miner up's Kafka listens where the first one did")
                .isEqualTo(before.bootstrapServers());
        assertHealthy(up, "right after the restart");

        // Recovery: from "Everything is up" to the row of the first story posted after it.
        DemoSite.Story first = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> firstStoryPostedAfter(readyAt), Optional::isPresent).orElseThrow();
        Instant storedAt = null;
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> stories.rowsPerUrl().containsKey(first.link()));
            storedAt = Instant.now();
        } catch (ConditionTimeoutException e) {
            log("the first story posted after the restart is not stored " + CATCH_UP.toSeconds() + " s after the restart; "
                    + PipelineProbe.describe(endpoints.kafkaClients()));
        }
        if (storedAt != null) {
            log(String.format("recovery: the first story posted after the restart (%s, posted %.1f s after %s was up)"
                            + " was stored %.1f s after %s was up (target %d s)", first.link(), seconds(readyAt, first.postedAt()),
                    up.name(), seconds(readyAt, storedAt), up.name(), RECOVERY_TARGET.toSeconds()));
        }
        assertThat(storedAt).as("the first story posted after the restart of miner up (%s) is stored%s", first.link(), diagnostics(up))
                .isNotNull();
        assertThat(Duration.between(readyAt, storedAt))
                .as("from the restarted miner up's \"%s\" to the row of the first story posted after it%s", UP_READY, diagnostics(up))
                .isLessThanOrEqualTo(RECOVERY_TARGET);
        assertHealthy(up, "once it stores new stories");

        Thread.sleep(3_000);
        stories.assertEachStoredOnce("after a SIGKILL of miner up and its restart", () -> diagnostics(up));
        assertHealthy(up, "after the catch-up");
    }

    @Test
    @Order(2)
    void aKilledFetcherRestartsAndLosesNothing() throws Exception {
        posting.set(true);
        Child killed = startFetcher(1);
        awaitLine(killed, FETCHER_READY, JOIN, "an added miner fetcher joins the pool");
        // One feed on each template partition: the added instance owns some of them (miner up's own fetcher the others).
        Set<String> owned = awaitPollsBy(killed, JOIN);
        log(killed.name() + " polls " + owned);
        Thread.sleep(5_000);
        owned = feedsPolledBy(killed, Instant.now().minusSeconds(5));
        killed.process().kill();
        log("SIGKILL to " + killed.name() + " (pid " + killed.process().pid() + "), which polled " + owned + "; the site keeps posting");
        Thread.sleep(8_000);

        Child restarted = startFetcher(2);
        Instant joinedAt = awaitLine(restarted, FETCHER_READY, JOIN, "the restarted miner fetcher joins the pool on the first try");
        assertHealthy(restarted, "right after joining");
        Set<String> taken = awaitPollsBy(restarted, JOIN);
        log(String.format("%s joined %.1f s after its start and polls %s", restarted.name(), seconds(restarted.startedAt(), joinedAt), taken));
        assertHealthy(restarted, "once it polls");

        Thread.sleep(3_000);
        stories.assertEachStoredOnce("after a SIGKILL of a miner fetcher and its restart", () -> diagnostics(up));
        assertHealthy(restarted, "after the catch-up");
        assertHealthy(up, "after the restart of a miner fetcher");
        restarted.process().close(); // less load on the machine for the next step
        log(restarted.name() + " stopped");
    }

    @Test
    @Order(3)
    void aKilledTopologyInstanceRestartsAndLosesNothing() throws Exception {
        posting.set(true);
        String dedupe = String.valueOf(new TopologyConfig(Map.of()).streamsProperties("dedupe").get(StreamsConfig.APPLICATION_ID_CONFIG));
        Child killed = startTopology(1);
        awaitLine(killed, TOPOLOGY_READY, JOIN, "an added miner topology joins");
        // Informative only: whether the added instance got tasks before it was killed.
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> membersWithPartitions(dedupe) >= 2);
        } catch (ConditionTimeoutException e) {
            log("the added topology instance got no " + dedupe + " partitions within 60 s");
        }
        log(dedupe + " members with partitions: " + membersWithPartitions(dedupe));
        Thread.sleep(5_000);
        killed.process().kill();
        log("SIGKILL to " + killed.name() + " (pid " + killed.process().pid() + "); the site keeps posting");
        Thread.sleep(5_000);

        Child restarted = startTopology(2);
        Instant joinedAt = awaitLine(restarted, TOPOLOGY_READY, JOIN, "the restarted miner topology joins on the first try");
        log(String.format("%s joined %.1f s after its start", restarted.name(), seconds(restarted.startedAt(), joinedAt)));
        Instant until = joinedAt.plus(STAYS_UP);
        while (Instant.now().isBefore(until)) {
            assertHealthy(restarted, "within " + STAYS_UP.toSeconds() + " s of joining");
            Thread.sleep(1_000);
        }
        assertHealthy(restarted, STAYS_UP.toSeconds() + " s after joining");
        log(restarted.name() + " is still running " + STAYS_UP.toSeconds() + " s after joining; " + dedupe
                + " members with partitions: " + membersWithPartitions(dedupe));

        stories.assertEachStoredOnce("after a SIGKILL of a miner topology and its restart", () -> diagnostics(up));
        assertHealthy(restarted, "after the catch-up");
        assertHealthy(up, "after the restart of a miner topology");
    }

    // --- the processes

    private Child startUp(int n) throws IOException {
        return launch("up-" + n, List.of("-Xmx2g"), minerArgs("up", Map.of()));
    }

    private Child startFetcher(int n) throws IOException {
        String name = "fetcher-" + n;
        // The User-Agent names the instance in the site's request log.
        return launch(name, List.of("-Xmx256m", "-XX:+UseSerialGC"), minerArgs("fetcher", Map.of(FetcherConfig.HTTP_USER_AGENT, name)));
    }

    /**
     * Both instances use one state directory, as a supervised instance restarted on its own
     * directory does (by default each instance derives its own from its pid, so a restart would
     * start afresh): the restart opens the state the killed instance left.
     */
    private Child startTopology(int n) throws IOException {
        return launch("topology-" + n, List.of("-Xmx384m", "-XX:+UseSerialGC"),
                minerArgs("topology", Map.of(TopologyConfig.STATE_DIR, dataDir.resolve("streams-topology-it").toString())));
    }

    /** {@code command -d <data dir>} with every setting of {@link RunningPipeline#forLocalSite} (but the data dir) and {@code extra} as {@code -D}. */
    private List<String> minerArgs(String command, Map<String, Object> extra) {
        List<String> args = new ArrayList<>(List.of(command, "--data-dir", dataDir.toString()));
        Map<String, Object> all = new TreeMap<>(settings);
        all.remove(MinerConfig.DATA_DIR);
        all.putAll(extra);
        all.forEach((key, value) -> {
            args.add("-D");
            args.add(key + "=" + value);
        });
        return args;
    }

    private Child launch(String name, List<String> jvmArgs, List<String> minerArgs) throws IOException {
        List<String> jvm = new ArrayList<>(jvmArgs);
        String home = System.getProperty(ProjectFiles.HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            jvm.add("-D" + ProjectFiles.HOME_PROPERTY + "=" + home); // where the registry jar and the Connect plugins are
        }
        Path output = dataDir.resolve("it-logs").resolve(name + ".out");
        Child child = new Child(name, InstanceProcess.start(name, jvm, minerArgs, output), output, Instant.now());
        children.add(child);
        log("started " + name + " (pid " + child.process().pid() + "): miner " + minerArgs.get(0) + ", output in " + output);
        return child;
    }

    /**
     * Waits until {@code child} printed {@code line}; fails at once if it exits first (a restart that
     * fails is not retried), with the end of its output.
     *
     * @return when the line was seen
     */
    private Instant awaitLine(Child child, String line, Duration within, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            boolean alive = child.process().isAlive();
            if (output(child).contains(line)) {
                Instant seen = Instant.now();
                log(String.format("%s printed \"%s\" %.1f s after its start", child.name(), line, seconds(child.startedAt(), seen)));
                return seen;
            }
            if (!alive) {
                throw new AssertionError(what + ": " + child.name() + " exited before it printed \"" + line + "\"" + diagnostics(child));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": " + child.name() + " did not print \"" + line + "\" within " + within.toSeconds()
                        + " s" + diagnostics(child));
            }
            Thread.sleep(250);
        }
    }

    /** The process runs, and has printed no "error: ...; exiting (status 70)" line. */
    private void assertHealthy(Child child, String when) {
        String output = output(child);
        List<String> errors = output.lines().filter(l -> l.startsWith("error:") || l.contains("exiting (status")).toList();
        assertThat(errors).as("%s: %s printed no error line%s", when, child.name(), diagnostics(child)).isEmpty();
        assertThat(child.process().isAlive()).as("%s: %s is still running%s", when, child.name(), diagnostics(child)).isTrue();
    }

    private static String output(Child child) {
        try {
            return Files.exists(child.output()) ? new String(Files.readAllBytes(child.output()), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of the child's output (its log too: the test classpath's log4j2-test.properties logs to the console). */
    private static String diagnostics(Child child) {
        List<String> lines = output(child).lines().toList();
        int from = Math.max(0, lines.size() - 60);
        return String.format("%n--- %s (pid %d, %s): last %d lines of %s ---%n%s%n---", child.name(), child.process().pid(),
                child.process().isAlive() ? "running" : "exited", lines.size() - from, child.output(),
                String.join(System.lineSeparator(), lines.subList(from, lines.size())));
    }

    /** Where the stack of {@code miner up} on the data dir answers, from the ports it recorded there. */
    private StackEndpoints recordedEndpoints() {
        StackEndpoints e = EmbeddedStack.recordedEndpoints(new StackConfig(settings));
        // Timeouts: PostgreSQL is away while miner up restarts.
        return new StackEndpoints(e.bootstrapServers(), e.registryUrl(), e.jdbcUrl() + "?connectTimeout=5&socketTimeout=30", e.jdbcUser(),
                e.jdbcPassword(), e.connectUrl(), e.dataDir(), e.kafkaClientSettings());
    }

    // --- the site

    /**
     * One feed on each template partition (as Kafka's producer partitions a key), so that every
     * instance of the fetcher pool owns at least one feed while there are no more instances than
     * partitions.
     */
    private static List<String> feedsOnEveryPartition(int partitions) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 1; byPartition.size() < partitions; i++) {
            String feed = "f" + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(feed.getBytes(StandardCharsets.UTF_8))) % partitions, feed);
        }
        return List.copyOf(byPartition.values());
    }

    private Optional<DemoSite.Story> firstStoryPostedAfter(Instant instant) {
        return feeds.stream().flatMap(f -> site.stories(f).stream()).filter(s -> s.postedAt().isAfter(instant))
                .min(Comparator.comparing(DemoSite.Story::postedAt));
    }

    /** The feeds that {@code child} (a fetcher: its User-Agent is its name) asked for since {@code since}. */
    private Set<String> feedsPolledBy(Child child, Instant since) {
        return site.requestLog().stream().filter(r -> child.name().equals(r.userAgent()) && !r.at().isBefore(since))
                .map(DemoSite.Request::feed).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits until the fetcher {@code child} polls at least one feed; fails at once if it exits. */
    private Set<String> awaitPollsBy(Child child, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Set<String> polled = feedsPolledBy(child, child.startedAt());
            if (!polled.isEmpty()) {
                return polled;
            }
            if (!child.process().isAlive()) {
                throw new AssertionError(child.name() + " exited before it polled a feed" + diagnostics(child));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(child.name() + " polled no feed within " + within.toSeconds() + " s" + diagnostics(child));
            }
            Thread.sleep(500);
        }
    }

    // --- the checks (those of the stored stories in PostedStories, shared with FaultsIT)

    /** Members of the consumer group {@code groupId} that have partitions; -1 if the broker cannot tell now. */
    private long membersWithPartitions(String groupId) {
        Map<String, Object> settings = endpoints.kafkaClients().admin("crash-recovery-it");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(settings)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get(15, TimeUnit.SECONDS).get(groupId);
            return group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (Exception e) {
            log("cannot describe the group " + groupId + ": " + e);
            return -1;
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private void log(String message) {
        System.out.printf("CrashRecoveryIT +%5.1f s: %s%n", Duration.between(began, Instant.now()).toMillis() / 1000.0, message);
    }
}
