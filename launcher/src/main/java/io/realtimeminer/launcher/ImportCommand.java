package io.realtimeminer.launcher;

import io.realtimeminer.control.SubscriptionPlanner;
import io.realtimeminer.fetcher.subscriptions.ImportResult;
import io.realtimeminer.fetcher.subscriptions.OpmlFile;
import io.realtimeminer.fetcher.subscriptions.Subscription;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code miner import subscriptions.opml}: one template per feed of a feed reader's export,
 * published to miner.templates; a web page is resolved to its feed by autodiscovery.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Follow every feed of a subscription list (OPML, as feed readers export it): one template per feed, its"
                + " folders as tags; prints what was added, updated, skipped and refused, with why.")
final class ImportCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The OPML file.")
    Path file;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Poll interval of the new sources, ISO-8601 (e.g. PT5M);"
            + " default: the templates' default.")
    String interval;

    @Option(names = "--pool", description = "Pool of the new sources; default: the default pool.")
    String pool;

    @Option(names = "--no-check", description = "Take every address as a feed, without fetching it (no autodiscovery).")
    boolean noCheck;

    @Option(names = "--dry-run", description = "Print what would be done; publish nothing.")
    boolean dryRun;

    @Mixin
    ClusterSnapshot.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Subscription> subscriptions;
        try {
            subscriptions = OpmlFile.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            System.err.println("error: " + file + " does not exist");
            return 2;
        } catch (OpmlFile.UnreadableListException e) {
            System.err.println("error: " + file + " is " + e.getMessage());
            return 2;
        }
        Optional<ClusterSnapshot> snapshot = ClusterSnapshot.read(options.settings(), "miner-import", timeout);
        if (snapshot.isEmpty()) {
            return 1;
        }
        Map<String, Object> settings = snapshot.get().settings();
        List<ImportResult> results = new OpmlImportPlanner(settings).plan(subscriptions, snapshot.get().view().templates(),
                new SubscriptionPlanner.Options(interval, pool, !noCheck));
        if (!dryRun) {
            try (TemplatePublisher publisher = new TemplatePublisher(KafkaClients.of(snapshot.get().cluster().bootstrapServers(), settings))) {
                for (ImportResult result : results) {
                    if (result.publishes()) {
                        publisher.put(result.sourceId(), result.template());
                    }
                }
            }
        }
        print(results, out, dryRun);
        return 0;
    }

    static void print(List<ImportResult> results, PrintStream out, boolean dryRun) {
        Map<ImportResult.Action, Integer> counts = new EnumMap<>(ImportResult.Action.class);
        for (ImportResult result : results) {
            counts.merge(result.action(), 1, Integer::sum);
            out.printf("%-8s %-40s %s%s%n", result.action().wireName(), Printable.of(result.sourceId() == null ? "-" : result.sourceId()),
                    Printable.of(result.address() == null ? "(no address)" : result.address()),
                    result.reason() == null ? "" : "  (" + Printable.of(result.reason()) + ")");
        }
        out.printf("%n%d subscriptions: %d added, %d updated, %d skipped, %d refused%s%n", results.size(),
                counts.getOrDefault(ImportResult.Action.ADDED, 0), counts.getOrDefault(ImportResult.Action.UPDATED, 0),
                counts.getOrDefault(ImportResult.Action.SKIPPED, 0), counts.getOrDefault(ImportResult.Action.REFUSED, 0),
                dryRun ? " (dry run: nothing published)" : "");
    }
}
