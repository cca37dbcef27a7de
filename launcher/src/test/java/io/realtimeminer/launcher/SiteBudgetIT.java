package io.realtimeminer.launcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimeminer.fetcher.Fetcher;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.InstanceContext;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.status.StatusSettings;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request budget per site across the cluster: two fetchers of one pool share sixteen sources
 * of one site, each source polled every second (16 requests per second wanted), under a site
 * budget of 4 requests per second. Each fetcher alone would take the whole budget (8 per second
 * together); through their heartbeats they take 2 each, and the site gets its 4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPipeline.class)
class SiteBudgetIT {

    private static final String POOL = "site-budget";
    private static final double BUDGET = 4;
    private static final int SOURCES = 16;
    private static final Duration WINDOW = Duration.ofSeconds(6);

    private RunningPipeline running;
    private DemoSite site;

    @BeforeAll
    void start(SharedPipeline.Running shared) {
        running = shared.pipeline();
        site = shared.site();
    }

    @Test
    void twoFetchersSharingASiteKeepItsBudgetBetweenThem() throws Exception {
        List<String> sources = sourcesOverEveryPartition();
        List<Fetcher> fetchers = new ArrayList<>();
        try (TemplatePublisher templates = new TemplatePublisher(running.endpoints().kafkaClients())) {
            try {
                fetchers.add(fetcher("budget-a"));
                fetchers.add(fetcher("budget-b"));
                for (String source : sources) {
                    site.feed(source);
                    site.post(source);
                    templates.put(source, "{\"url\":\"" + site.url(source) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\",\"pool\":\"" + POOL + "\"}");
                }
                // Both own sources (the group gives each two of the four partitions, each partition holds four sources).
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> fetchers.stream().allMatch(f -> !f.sourceIds().isEmpty())
                                && fetchers.stream().mapToInt(f -> f.sourceIds().size()).sum() == SOURCES);
                // A few heartbeats (1 s) for each to learn the other's wants.
                Thread.sleep(3_000);

                Instant from = Instant.now();
                Thread.sleep(WINDOW.toMillis());
                Instant to = Instant.now();
                Map<String, Long> byFetcher = site.requestLog().stream()
                        .filter(r -> sources.contains(r.feed()) && !r.at().isBefore(from) && r.at().isBefore(to))
                        .collect(Collectors.groupingBy(DemoSite.Request::userAgent, Collectors.counting()));
                long all = byFetcher.values().stream().mapToLong(Long::longValue).sum();
                double seconds = Duration.between(from, to).toMillis() / 1000.0;
                System.out.printf("SiteBudgetIT: %d requests in %.1f s (%.2f/s) under a budget of %.1f/s: %s%n", all, seconds,
                        all / seconds, BUDGET, byFetcher);

                assertThat(byFetcher.keySet()).as("both fetchers polled").containsExactlyInAnyOrder("budget-a", "budget-b");
                // Within the budget (one turn each of slack at the window's edges); each alone would make 8 per second together.
                assertThat((double) all).as("requests to the site").isLessThanOrEqualTo(BUDGET * seconds + 2);
                // And the budget is used: the sixteen sources want four times more.
                assertThat((double) all).isGreaterThanOrEqualTo(0.7 * BUDGET * seconds);
            } finally {
                for (String source : sources) {
                    templates.delete(source);
                }
                fetchers.forEach(Fetcher::close);
            }
        }
    }

    /** Four sources in each of the shared pipeline's four templates partitions. */
    private static List<String> sourcesOverEveryPartition() {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (int n = 0; byPartition.values().stream().mapToInt(List::size).sum() < SOURCES; n++) {
            String id = "budget" + n;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 4;
            List<String> ids = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (ids.size() < SOURCES / 4) {
                ids.add(id);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).sorted().toList();
    }

    private Fetcher fetcher(String userAgent) {
        StackEndpoints endpoints = running.endpoints();
        Map<String, Object> settings = new HashMap<>(endpoints.kafkaClientSettings());
        settings.put(FetcherConfig.BOOTSTRAP_SERVERS, endpoints.bootstrapServers());
        settings.put(FetcherConfig.REGISTRY_URL, endpoints.registryUrl());
        settings.put(FetcherConfig.POOL, POOL);
        settings.put(FetcherConfig.MIN_INTERVAL_MS, "500");
        settings.put(FetcherConfig.HTTP_USER_AGENT, userAgent);
        settings.put(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true");
        settings.put(FetcherConfig.HTTP_HOST_MIN_DELAY_MS, "0");
        settings.put(FetcherConfig.HTTP_SITE_REQUESTS_PER_SECOND, String.valueOf(BUDGET));
        settings.put(FetcherConfig.DETAILS_ENABLED, "false");
        InstanceContext context = new InstanceContext(new StatusSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new SimpleMeterRegistry(), null);
        return new Fetcher(new FetcherConfig(settings), result -> { }, context).start();
    }
}
