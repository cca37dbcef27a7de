package io.realtimeminer.fetcher.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Fetches documents without blocking the caller; failures complete the future exceptionally. */
public interface PageFetcher extends AutoCloseable {

    CompletableFuture<FetchResponse> fetch(FetchRequest request);

    /** Why this fetcher can fetch nothing any more (its engine stopped), or empty while it works. */
    default Optional<String> failure() {
        return Optional.empty();
    }

    @Override
    void close();
}
