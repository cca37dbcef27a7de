package io.realtimeminer.launcher;

import io.realtimeminer.control.ApiException;
import io.realtimeminer.control.ClusterView;
import io.realtimeminer.control.SubscriptionPlanner;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.http.AsyncHttpPageFetcher;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.subscriptions.FeedDiscovery;
import io.realtimeminer.fetcher.subscriptions.ImportResult;
import io.realtimeminer.fetcher.subscriptions.OpmlFile;
import io.realtimeminer.fetcher.subscriptions.Subscription;
import io.realtimeminer.fetcher.subscriptions.SubscriptionImport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans subscription imports for {@code miner import} and {@code POST /sources:import} alike: the
 * OPML read, each address resolved through the fetchers' own engine (with this process's fetcher
 * settings), and checked by their template parser.
 */
final class OpmlImportPlanner implements SubscriptionPlanner {

    private final Map<String, Object> settings;

    OpmlImportPlanner(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public List<Planned> plan(byte[] list, Map<String, ClusterView.TemplateEntry> current, Options options) {
        List<Subscription> subscriptions;
        try {
            subscriptions = OpmlFile.read(list);
        } catch (OpmlFile.UnreadableListException e) {
            throw new ApiException(400, "the body is " + e.getMessage());
        }
        return plan(subscriptions, current, options).stream().map(r -> new Planned(r.action().wireName(), r.title(), r.address(),
                r.sourceId(), r.template(), r.reason())).toList();
    }

    List<ImportResult> plan(List<Subscription> subscriptions, Map<String, ClusterView.TemplateEntry> current, Options options) {
        FetcherConfig config = new FetcherConfig(settings);
        try (PageFetcher pages = options.check() ? new AsyncHttpPageFetcher(config.httpSettings()) : null) {
            return new SubscriptionImport(config.templateParser(), pages == null ? null : new FeedDiscovery(pages),
                    new SubscriptionImport.Options(options.interval(), options.pool())).plan(subscriptions, existing(current));
        }
    }

    /** The sources followed now whose template the fetchers accepted, by id. */
    private static Map<String, SubscriptionImport.Existing> existing(Map<String, ClusterView.TemplateEntry> current) {
        Map<String, SubscriptionImport.Existing> existing = new TreeMap<>();
        current.forEach((id, entry) -> {
            if (entry.template() != null) {
                existing.put(id, new SubscriptionImport.Existing(entry.template(), entry.json()));
            }
        });
        return existing;
    }
}
