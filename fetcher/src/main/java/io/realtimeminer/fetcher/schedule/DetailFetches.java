package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.OriginHeaders;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The second fetch of items whose list entry is not the whole item (a Hacker News story id, a
 * link to an article): fetches {@link ExtractedItem#detailUrl()} and lets the extractor complete
 * the item. Only for items about to be sent, at most {@code extract.limit} and
 * {@code detail.max.per.poll} per poll (in document order; the rest wait for the next poll), through the same fetcher
 * (so the same politeness per host). An item whose detail fetch fails waits for the next poll.
 */
final class DetailFetches {

    private static final Logger LOG = LoggerFactory.getLogger(DetailFetches.class);

    /**
     * What became of the candidates.
     *
     * @param ready     to be sent (complete, or needing no detail)
     * @param dropped   the extractor returned null on completion (deleted, dead): not sent, remembered as seen
     * @param fetched   detail documents fetched successfully
     * @param failed    candidates held back because their detail fetch failed
     * @param deferred  candidates beyond the per-poll limit, held back for the next poll
     * @param firstError the first failure, readable, or null
     */
    record Result(List<Candidate> ready, List<Candidate> dropped, int fetched, int failed, int deferred, String firstError) {

        boolean heldBack() {
            return failed > 0 || deferred > 0;
        }
    }

    private sealed interface Done permits Ready, Dropped, Failed {
    }

    private record Ready(Candidate candidate) implements Done {
    }

    private record Dropped(Candidate candidate) implements Done {
    }

    private record Failed(String error) implements Done {
    }

    private final PageFetcher fetcher;
    private final Executor parsePool;
    private final int maxPerPoll;

    /** @param maxPerPoll detail fetches per poll at most, whatever the template's {@code extract.limit} */
    DetailFetches(PageFetcher fetcher, Executor parsePool, int maxPerPoll) {
        this.fetcher = fetcher;
        this.parsePool = parsePool;
        this.maxPerPoll = maxPerPoll;
    }

    CompletableFuture<Result> complete(SourceTemplate template, ItemExtractor extractor, List<Candidate> candidates) {
        int limit = Math.min(ExtractionRules.limitOf(template.extract()), maxPerPoll);
        List<Candidate> ready = new ArrayList<>();
        List<CompletableFuture<Done>> pending = new ArrayList<>();
        int deferred = 0;
        for (Candidate candidate : candidates) {
            if (candidate.item().detailUrl() == null) {
                ready.add(candidate);
            } else if (pending.size() < limit) {
                pending.add(fetchDetail(template, extractor, candidate));
            } else {
                deferred++;
            }
        }
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(new Result(ready, List.of(), 0, 0, deferred, null));
        }
        int held = deferred;
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Candidate> dropped = new ArrayList<>();
            int fetched = 0;
            int failed = 0;
            String firstError = null;
            for (CompletableFuture<Done> done : pending) {
                Done outcome = done.join();
                if (outcome instanceof Ready r) {
                    ready.add(r.candidate());
                    fetched++;
                } else if (outcome instanceof Dropped d) {
                    dropped.add(d.candidate());
                    fetched++;
                } else if (outcome instanceof Failed f) {
                    failed++;
                    firstError = firstError == null ? f.error() : firstError;
                }
            }
            return new Result(ready, dropped, fetched, failed, held, firstError);
        });
    }

    private CompletableFuture<Done> fetchDetail(SourceTemplate template, ItemExtractor extractor, Candidate candidate) {
        String detailUrl = candidate.item().detailUrl();
        URI url;
        try {
            url = URI.create(detailUrl);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Failed("detail " + detailUrl + ": not a valid URL"));
        }
        // The template's headers may carry credentials: whole only to its own origin.
        Map<String, String> headers = OriginHeaders.forTarget(template.headers(), template.url(), url);
        CompletableFuture<Done> result;
        try {
            result = fetcher.fetch(new FetchRequest(url, headers, null, null)).thenApplyAsync(response -> {
                if (!response.successful()) {
                    return new Failed("detail " + url + ": HTTP " + response.status());
                }
                try {
                    ExtractedItem completed = extractor.complete(template, candidate.item(), response.body(), response.contentType(), response.url());
                    return completed == null ? new Dropped(candidate) : new Ready(candidate.with(completed));
                } catch (ExtractionException e) {
                    // The detail document came but cannot be read: fetching it again would not help,
                    // so the item goes out as listed (the extractor's contract allows it).
                    LOG.debug("source {}: detail {} unreadable, item sent as listed: {}", template.id(), url, e.getMessage());
                    return new Ready(candidate);
                } catch (RuntimeException e) {
                    return new Failed("detail " + url + ": " + SourcePoller.describe(e));
                }
            }, parsePool);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> new Failed("detail " + url + ": " + SourcePoller.describe(error)));
    }

}
