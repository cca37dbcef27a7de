package io.realtimeminer.fetcher.http;

import java.util.concurrent.CompletableFuture;

/** Fetches documents without blocking the caller; failures complete the future exceptionally. */
public interface PageFetcher extends AutoCloseable {

    CompletableFuture<FetchResponse> fetch(FetchRequest request);

    @Override
    void close();
}
