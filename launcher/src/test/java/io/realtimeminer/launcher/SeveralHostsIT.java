package io.realtimeminer.launcher;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.control.ControlSettings;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.status.StatusSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaling out across hosts with addresses of their own (network namespaces, see NetworkLab):
 * the stack ({@code miner up} with {@code stack.host} on its address, no fetcher of its own) on
 * one host, a fetcher on each of three others, the site they poll on a fifth. One fetcher host is
 * cut off (its link down, its process running): its sources move to the other two within the
 * group's session timeout; brought back, it rejoins, and every source then has one poller again.
 * Every story posted all along is on {@code miner.items.new} exactly once.
 */
class SeveralHostsIT {

    private static final int SOURCES = 12;
    private static final int API_PORT = 8090;
    private static final List<String> FETCHERS = List.of("f1", "f2", "f3");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sourcesMoveOffACutOffHostAndItRejoinsWithEveryStoryOnce(@TempDir Path dataDir) throws Exception {
        try (NetworkLab lab = NetworkLab.create(List.of("st", "f1", "f2", "f3"));
             DemoSite site = new DemoSite(Clock.systemUTC(), lab.ownAddress())) {
            List<InstanceProcess> processes = new ArrayList<>();
            ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
            try {
                scenario(lab, site, dataDir, processes, poster);
            } finally {
                // While the lab's network still stands: a stack whose link is gone would wait out every client's timeout to stop.
                poster.shutdownNow();
                for (int i = processes.size() - 1; i >= 0; i--) {
                    processes.get(i).close();
                }
            }
        }
    }

    private void scenario(NetworkLab lab, DemoSite site, Path dataDir, List<InstanceProcess> processes, ScheduledExecutorService poster)
            throws Exception {
        String stackHost = lab.address("st");
        processes.add(InstanceProcess.start("stack", lab.on("st"), List.of("-Xmx1g"), List.of("up",
                "--data-dir", dataDir.toString(),
                "-D", StackConfig.STACK_HOST + "=" + stackHost,
                "-D", ControlSettings.HOST + "=" + stackHost,
                "-D", ControlSettings.PORT + "=" + API_PORT,
                "-D", MinerConfig.IN_PROCESS_FETCHER + "=false",
                "-D", MinerConfig.TEMPLATES_PARTITIONS + "=12",
                "-D", MinerConfig.ITEMS_PARTITIONS + "=2"), Path.of("target", "several-hosts-it", "stack.out")));
        String api = "http://" + stackHost + ":" + API_PORT;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> status(api + "/health/ready") == 200);
        StackEndpoints stack = EmbeddedStack.recordedEndpoints(new StackConfig(Map.of(StackConfig.DATA_DIR, dataDir.toString())));
        assertThat(stack.bootstrapServers()).as("joining processes find Kafka on the stack's host").startsWith(stackHost + ":");

        for (String host : FETCHERS) {
            processes.add(InstanceProcess.start(host, lab.on(host), List.of("-Xmx256m", "-XX:+UseSerialGC"), List.of("fetcher",
                    "--data-dir", dataDir.toString(),
                    "-D", FetcherConfig.HTTP_USER_AGENT + "=" + host,
                    "-D", FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES + "=true",
                    "-D", FetcherConfig.MIN_INTERVAL_MS + "=1000",
                    "-D", FetcherConfig.HTTP_HOST_MIN_DELAY_MS + "=0",
                    "-D", FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND + "=0",
                    "-D", FetcherConfig.HTTP_CONNECT_TIMEOUT_MS + "=2000",
                    "-D", FetcherConfig.POLL_BACKOFF_MAX_MS + "=2000",
                    "-D", StatusSettings.HEARTBEAT_MS + "=1000"), Path.of("target", "several-hosts-it", host + ".out")));
        }
        List<String> feeds = IntStream.range(0, SOURCES).mapToObj(i -> "host-" + i).toList();
        feeds.forEach(feed -> site.feed(feed).post(feed));
        poster.scheduleAtFixedRate(() -> feeds.forEach(site::post), 1, 2, TimeUnit.SECONDS);
        try (TemplatePublisher templates = new TemplatePublisher(stack.kafkaClients())) {
            for (String feed : feeds) {
                templates.put(feed, "{\"url\":\"" + site.url(feed) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\",\"page_details\":false}");
            }
        }

        // Every source polled, and every host polling some.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pollers(site, Instant.now().minusSeconds(3)).keySet().containsAll(feeds)
                        && Set.copyOf(pollers(site, Instant.now().minusSeconds(3)).values()).containsAll(FETCHERS));
        Map<String, String> before = pollers(site, Instant.now().minusSeconds(3));
        List<String> onF2 = before.entrySet().stream().filter(e -> e.getValue().equals("f2")).map(Map.Entry::getKey).toList();
        assertThat(onF2).isNotEmpty();

        Instant cut = Instant.now();
        lab.cut("f2");
        // Within the group's session timeout (6 s on the embedded broker) and a poll: 25 s leaves room for a loaded machine.
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                .until(() -> polledSinceBy(site, onF2, cut, Set.of("f1", "f3")));
        Duration moved = Duration.between(cut, Instant.now());
        System.out.printf("SeveralHostsIT: the %d sources of the cut-off host moved in %d ms%n", onF2.size(), moved.toMillis());
        assertThat(requestsBy(site, "f2", cut.plusSeconds(1))).as("nothing leaves a cut-off host").isZero();

        Instant restored = Instant.now();
        lab.restore("f2");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> requestsBy(site, "f2", restored) > 0);
        // Once it learned it had lost its sources (its first heartbeat back), the host polls only what it owns again:
        // from then on, and within the session timeout, every source has one poller, and f2 is one of the pollers.
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Set<String>> recent = agentsPerSource(site, feeds, Instant.now().minusSeconds(4));
            return recent.keySet().containsAll(feeds) && recent.values().stream().allMatch(agents -> agents.size() == 1)
                    && recent.values().stream().anyMatch(agents -> agents.contains("f2"));
        });
        Instant settled = Instant.now();
        Thread.sleep(4_000);
        Map<String, Set<String>> agentsPerSource = agentsPerSource(site, feeds, settled);
        assertThat(agentsPerSource.keySet()).containsExactlyInAnyOrderElementsOf(feeds);
        assertThat(agentsPerSource.values()).as("one poller per source, no zombie").allSatisfy(agents -> assertThat(agents).hasSize(1));
        System.out.printf("SeveralHostsIT: one poller per source again %d ms after the link came back%n",
                Duration.between(restored, settled).toMillis());

        poster.shutdownNow();
        List<String> posted = feeds.stream().flatMap(feed -> site.stories(feed).stream()).map(DemoSite.Story::link).toList();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> newItemUrls(stack).size() >= posted.size());
        Map<String, Long> perUrl = newItemUrls(stack).stream().collect(Collectors.groupingBy(url -> url, HashMap::new, Collectors.counting()));
        assertThat(perUrl.keySet()).as("every story, nothing else").containsExactlyInAnyOrderElementsOf(posted);
        assertThat(perUrl.values()).as("each once").containsOnly(1L);
        // And in PostgreSQL, which listens on the stack host's loopback: asked from there.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> storedUrls(lab, stack).size() >= posted.size());
        Map<String, Long> stored = storedUrls(lab, stack).stream().collect(Collectors.groupingBy(url -> url, HashMap::new, Collectors.counting()));
        assertThat(stored.keySet()).as("every story stored, nothing else").containsExactlyInAnyOrderElementsOf(posted);
        assertThat(stored.values()).as("each stored once").containsOnly(1L);
        System.out.printf("SeveralHostsIT: %d stories, each once on %s and in PostgreSQL%n", posted.size(), Topics.ITEMS_NEW);
    }

    /** The agent that polled each feed last since {@code since}. */
    private static Map<String, String> pollers(DemoSite site, Instant since) {
        Map<String, String> last = new HashMap<>();
        site.requestLog().stream().filter(r -> r.at().isAfter(since)).forEach(r -> last.put(r.feed(), r.userAgent()));
        return last;
    }

    private static Map<String, Set<String>> agentsPerSource(DemoSite site, List<String> feeds, Instant since) {
        return site.requestLog().stream().filter(r -> r.at().isAfter(since) && feeds.contains(r.feed()))
                .collect(Collectors.groupingBy(DemoSite.Request::feed, Collectors.mapping(DemoSite.Request::userAgent, Collectors.toSet())));
    }

    private static boolean polledSinceBy(DemoSite site, List<String> feeds, Instant since, Set<String> agents) {
        Set<String> polled = site.requestLog().stream().filter(r -> r.at().isAfter(since) && agents.contains(r.userAgent()))
                .map(DemoSite.Request::feed).collect(Collectors.toSet());
        return polled.containsAll(feeds);
    }

    private static long requestsBy(DemoSite site, String agent, Instant since) {
        return site.requestLog().stream().filter(r -> agent.equals(r.userAgent()) && r.at().isAfter(since)).count();
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The URL of every row of items, read by a JVM on the stack's host (StoredUrls). */
    private static List<String> storedUrls(NetworkLab lab, StackEndpoints stack) throws Exception {
        List<String> command = new ArrayList<>(lab.on("st"));
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                StoredUrls.class.getName(), stack.jdbcUrl(), stack.jdbcUser()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("MINER_TEST_JDBC_PASSWORD", stack.jdbcPassword());
        Process process = builder.start();
        List<String> urls = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("reading items on the stack's host").isZero();
        return urls;
    }

    /** The URL of every item on miner.items.new (committed), read from this JVM across the lab's network. */
    private static List<String> newItemUrls(StackEndpoints stack) {
        return PipelineProbe.committedRecords(stack.kafkaClients(), Topics.ITEMS_NEW,
                RegistrySerdes.<RawItem>specific(stack.registryUrl(), false).deserializer()).stream().map(r -> r.value().getUrl()).toList();
    }
}
