package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.util.Locale;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Fetches documents without blocking the caller; failures complete the future exceptionally. */
public interface PageFetcher extends AutoCloseable {

    CompletableFuture<FetchResponse> fetch(FetchRequest request);

    /** Whether {@code url} is one a fetcher fetches: http or https, with a host. */
    static boolean fetchable(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    /** Why this fetcher can fetch nothing any more (its engine stopped), or empty while it works. */
    default Optional<String> failure() {
        return Optional.empty();
    }

    @Override
    void close();
}
