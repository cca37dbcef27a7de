package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.FetcherConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.time.Clock;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code miner demo}: everything {@code up} starts, plus a local news site whose feeds gain a
 * story every few seconds and templates for them, so rows arrive in PostgreSQL with no internet.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Like 'up', plus a local demo site publishing new stories and templates for it; prints rows as they reach PostgreSQL.")
final class DemoCommand implements Callable<Integer> {

    private static final List<String> FEEDS = List.of("world", "tech");

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = options.settings();
        // The demo site listens on 127.0.0.1, which fetchers refuse by default (SSRF protection).
        settings.putIfAbsent(FetcherConfig.HTTP_ALLOW_PRIVATE_ADDRESSES, "true");
        Path log = RunningMiner.routeLogs(settings);
        System.out.println("Log: " + log);
        MinerConfig config = new MinerConfig(settings);
        RunningMiner miner = RunningMiner.start(settings, System.out);
        DemoSite site = new DemoSite(Clock.systemUTC());
        ItemsReport report = new ItemsReport(miner.endpoints().jdbcUrl(), miner.endpoints().jdbcUser(), miner.endpoints().jdbcPassword(),
                System.out, FEEDS.stream().map(feed -> "demo-" + feed).collect(Collectors.toSet()));
        AtomicBoolean stopping = new AtomicBoolean();
        // Ctrl-C reaches every shutdown hook at once (PostgreSQL's too): stop reporting at the first sign.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping.set(true), "demo-stopping"));
        miner.beforeStop(() -> {
            stopping.set(true);
            site.close();
            report.printSummary();
        });

        try (TemplatePublisher templates = new TemplatePublisher(miner.endpoints().kafkaClients())) {
            for (String feed : FEEDS) {
                site.feed(feed);
                String json = String.format("{\"name\":\"Demo %s news\",\"url\":\"%s\",\"kind\":\"feed\",\"interval\":\"PT%dS\",\"tags\":[\"demo\",\"%s\"]}",
                        feed, site.url(feed), config.demoPollIntervalSeconds(), feed);
                templates.put("demo-" + feed, json);
                System.out.println("Template demo-" + feed + ": " + json);
            }
        }
        site.publishEvery(config.demoPostEvery());
        miner.printConnectionHelp(UpCommand.home());
        System.out.printf("The demo site posts a story on each feed every %.1f s; rows appear below as they reach PostgreSQL.%n",
                config.demoPostEvery().toMillis() / 1000.0);
        while (true) {
            TimeUnit.SECONDS.sleep(2);
            miner.exitIfFailed();
            try {
                report.printNewRows();
            } catch (SQLException e) {
                if (stopping.get()) {
                    RunningMiner.awaitShutdown(Optional::empty);
                }
                System.out.println("  (cannot read the items table: " + e.getMessage() + ")");
            }
        }
    }
}
