package io.realtimeminer.fetcher.details;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.http.FetchException;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.page.PageMetadata;
import io.realtimeminer.fetcher.page.PageReader;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one new item's page through the fetch engine (so the per-host politeness, robots.txt,
 * the address guard and the body limit apply) and reads its metadata off the I/O threads. Never
 * fails: a page that cannot be fetched or read gives an {@link ItemDetails} with its error.
 */
final class ItemPageFetch {

    static final Map<String, String> HEADERS = Map.of("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");

    private final PageFetcher fetcher;
    private final PageReader reader;
    private final Executor parsePool;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param timeout time allowed for the fetch as a whole, the turn at the host included;
     *                past it the details carry the error
     */
    ItemPageFetch(PageFetcher fetcher, PageReader reader, Executor parsePool, Duration timeout, Clock clock) {
        this.fetcher = fetcher;
        this.reader = reader;
        this.parsePool = parsePool;
        this.timeout = timeout;
        this.clock = clock;
    }

    CompletableFuture<ItemDetails> fetch(RawItem item) {
        URI url;
        try {
            url = URI.create(item.getUrl() == null ? "" : item.getUrl().strip());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failed(item, "the item's link is not a valid URL").build());
        }
        CompletableFuture<ItemDetails> result;
        try {
            result = fetcher.fetch(new FetchRequest(url, HEADERS, null, null, timeout))
                    .thenApplyAsync(response -> read(item, response), parsePool);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // The fetch engine's own deadline ends the fetch; this one only guards against a future that never completes.
        long guard = timeout.toMillis() + 5_000;
        return result.orTimeout(guard, TimeUnit.MILLISECONDS)
                .exceptionally(error -> failed(item, unwrap(error) instanceof TimeoutException
                        ? "no answer within " + guard + " ms" : describe(error)).build());
    }

    private ItemDetails read(RawItem item, FetchResponse response) {
        ItemDetails.Builder details = started(item)
                .setFinalUrl(response.url() == null ? null : response.url().toString())
                .setHttpStatus(response.status())
                .setContentType(response.contentType());
        if (!response.successful()) {
            return details.setError("HTTP " + response.status()).build();
        }
        try {
            PageMetadata page = reader.read(response.body(), response.contentType(), response.url());
            return details
                    .setTitle(page.title())
                    .setDescription(page.description())
                    .setCanonicalUrl(page.canonicalUrl())
                    .setSiteName(page.siteName())
                    .setPageType(page.type())
                    .setLanguage(page.language())
                    .setLanguageGuessed(page.languageGuessed())
                    .setImageUrl(page.imageUrl())
                    .setAuthor(page.author())
                    .setPublisher(page.publisher())
                    .setPublishedAt(page.publishedAt())
                    .setPublishedFrom(page.publishedFrom())
                    .setModifiedAt(page.modifiedAt())
                    .setExcerpt(page.excerpt())
                    .setWordCount(page.wordCount())
                    .build();
        } catch (ExtractionException e) {
            return details.setError(e.getMessage()).build();
        } catch (RuntimeException e) {
            return details.setError("page unreadable: " + e).build();
        }
    }

    private ItemDetails.Builder started(RawItem item) {
        return ItemDetails.newBuilder()
                .setItemId(item.getItemId())
                .setContentHash(item.getContentHash())
                .setUrl(item.getUrl())
                .setFetchedAt(clock.instant());
    }

    private ItemDetails.Builder failed(RawItem item, String error) {
        return started(item).setError(error);
    }

    /** A failure as a reader of the items table should see it: our fetch messages as they are. */
    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof FetchException) {
            return cause.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
