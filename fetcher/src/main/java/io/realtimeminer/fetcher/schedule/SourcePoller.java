package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.ItemIds;
import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One poll of one source: conditional GET, extraction off the I/O threads, and emission of the
 * items this instance has not sent yet. Validators and seen ids are updated only once Kafka has
 * acknowledged the items, so a failed send is retried at the next poll and nothing is lost.
 */
final class SourcePoller {

    private final PageFetcher fetcher;
    private final Map<SourceKind, ItemExtractor> extractors;
    private final ItemSink sink;
    private final Executor parsePool;
    private final Clock clock;

    SourcePoller(PageFetcher fetcher, Map<SourceKind, ItemExtractor> extractors, ItemSink sink, Executor parsePool, Clock clock) {
        this.fetcher = fetcher;
        this.extractors = Map.copyOf(extractors);
        this.sink = sink;
        this.parsePool = parsePool;
        this.clock = clock;
    }

    CompletableFuture<PollResult> poll(SourceState state, Instant due) {
        Instant start = clock.instant();
        SourceTemplate template = state.template();
        Duration lag = Duration.between(due, start).isNegative() ? Duration.ZERO : Duration.between(due, start);
        FetchRequest request = new FetchRequest(template.url(), template.headers(), state.etag(), state.lastModified());
        CompletableFuture<PollResult> result;
        try {
            result = fetcher.fetch(request).thenComposeAsync(response -> {
                if (response.notModified()) {
                    return CompletableFuture.completedFuture(done(template, PollResult.Outcome.NOT_MODIFIED, due, lag, start, response.status(), 0, 0, null));
                }
                if (!response.successful()) {
                    return CompletableFuture.completedFuture(done(template, PollResult.Outcome.FAILED, due, lag, start, response.status(), 0, 0, "HTTP " + response.status()));
                }
                return extractAndEmit(state, template, response, due, lag, start);
            }, parsePool);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> done(template, PollResult.Outcome.FAILED, due, lag, start, 0, 0, 0, describe(error)));
    }

    private CompletableFuture<PollResult> extractAndEmit(SourceState state, SourceTemplate template, FetchResponse response,
                                                         Instant due, Duration lag, Instant start) {
        List<ExtractedItem> found;
        try {
            found = extractors.get(template.kind()).extract(template, response.body(), response.contentType(), response.url());
        } catch (Exception e) {
            return CompletableFuture.completedFuture(done(template, PollResult.Outcome.FAILED, due, lag, start, response.status(), 0, 0, describe(e)));
        }
        long discoveredAt = clock.millis();
        List<RawItem> fresh = new ArrayList<>();
        for (ExtractedItem item : found) {
            String identity = item.identity();
            if (identity == null) {
                continue;
            }
            String itemId = ItemIds.of(template.id(), identity);
            if (!state.seen().contains(itemId)) {
                fresh.add(toRaw(template, itemId, item, discoveredAt));
            }
        }
        if (fresh.isEmpty()) {
            state.validators(response.etag(), response.lastModified());
            return CompletableFuture.completedFuture(done(template, PollResult.Outcome.ITEMS, due, lag, start, response.status(), found.size(), 0, null));
        }
        return sink.send(fresh).thenApply(ignored -> {
            fresh.forEach(item -> state.seen().add(item.getItemId()));
            state.validators(response.etag(), response.lastModified());
            return done(template, PollResult.Outcome.ITEMS, due, lag, start, response.status(), found.size(), fresh.size(), null);
        });
    }

    private static RawItem toRaw(SourceTemplate template, String itemId, ExtractedItem item, long discoveredAt) {
        return RawItem.newBuilder()
                .setItemId(itemId)
                .setSourceId(template.id())
                .setSourceItemId(item.sourceItemId())
                .setUrl(item.url())
                .setTitle(item.title())
                .setSummary(item.summary())
                .setAuthor(item.author())
                .setPublishedAt(item.publishedAt())
                .setDiscoveredAt(Instant.ofEpochMilli(discoveredAt))
                .build();
    }

    private PollResult done(SourceTemplate template, PollResult.Outcome outcome, Instant due, Duration lag, Instant start,
                            int status, int found, int fresh, String error) {
        return new PollResult(template.id(), outcome, due, lag, Duration.between(start, clock.instant()), status, found, fresh, error);
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getCause() != null && cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
