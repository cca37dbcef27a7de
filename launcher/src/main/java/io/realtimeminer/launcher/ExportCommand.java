package io.realtimeminer.launcher;

import io.realtimeminer.control.ClusterView;
import io.realtimeminer.fetcher.subscriptions.OpmlFile;
import io.realtimeminer.fetcher.subscriptions.Subscription;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code miner export}: the feeds followed now as an OPML subscription list, for a feed reader or another miner. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the feed sources followed now as an OPML subscription list (their first tag as folder).")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it; default: standard output.")
    Path output;

    @Mixin
    ClusterSnapshot.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        Optional<ClusterSnapshot> snapshot = ClusterSnapshot.read(options.settings(), "miner-export", timeout);
        if (snapshot.isEmpty()) {
            return 1;
        }
        String opml = OpmlFile.write("realtime-miner sources", feeds(snapshot.get().view()));
        if (output == null) {
            System.out.print(opml);
        } else {
            Files.writeString(output, opml, StandardCharsets.UTF_8);
            System.err.println("Wrote " + output);
        }
        return 0;
    }

    /** The feed sources, by id; other kinds (pages, JSON APIs, Hacker News) have no place in a feed reader's list. */
    static List<Subscription> feeds(ClusterView view) {
        List<Subscription> feeds = new ArrayList<>();
        new TreeMap<>(view.templates()).forEach((id, entry) -> {
            SourceTemplate template = entry.template();
            if (template != null && template.kind() == SourceKind.FEED) {
                feeds.add(new Subscription(template.name(), template.url().toString(), null, template.tags()));
            }
        });
        return feeds;
    }
}
