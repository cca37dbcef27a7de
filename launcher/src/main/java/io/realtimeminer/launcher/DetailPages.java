package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Completes listed items from their detail documents for {@code miner preview} (a Hacker News
 * item's JSON, a template's detail page), a few at a time, as the poller does for new items.
 */
final class DetailPages {

    /** Detail documents fetched at once: enough for 100 Hacker News items in a few seconds, few enough to be polite. */
    static final int PARALLEL = 8;

    /**
     * @param items     completed in place where their detail document could be read
     * @param dropped   how many items the extractor dropped (deleted, dead)
     * @param failures  what went wrong with detail documents that could not be read, one line each
     */
    record Result(List<ExtractedItem> items, int dropped, List<String> failures) {
    }

    private DetailPages() {
    }

    static Result complete(SourceTemplate template, ItemExtractor extractor, List<ExtractedItem> listed, HttpClient client)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<ExtractedItem>> completions = new ArrayList<>();
            for (ExtractedItem item : listed) {
                completions.add(pool.submit(() -> item.detailUrl() == null ? item : completeOne(template, extractor, item, client)));
            }
            List<ExtractedItem> items = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int dropped = 0;
            for (int i = 0; i < listed.size(); i++) {
                try {
                    ExtractedItem completed = completions.get(i).get();
                    if (completed == null) {
                        dropped++;
                    } else {
                        items.add(completed);
                    }
                } catch (ExecutionException e) {
                    failures.add(listed.get(i).detailUrl() + ": " + e.getCause().getMessage());
                    items.add(listed.get(i));
                }
            }
            return new Result(items, dropped, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExtractedItem completeOne(SourceTemplate template, ItemExtractor extractor, ExtractedItem item, HttpClient client)
            throws Exception {
        SourcePage page = SourcePage.fetch(client, URI.create(item.detailUrl()), template.headers());
        return extractor.complete(template, item, page.body(), page.contentType(), page.url());
    }
}
